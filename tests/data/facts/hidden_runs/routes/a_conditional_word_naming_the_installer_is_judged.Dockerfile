# `${M:+pip install} flask` (M of unknown value) runs pip or only `flask` (bash 5.2, dash 0.5.12,
# busybox 1.35 sh): it was silent, one unknown word not read as an installer and its verb. Each
# way is judged; past the ways gate follows it is unknown.
FROM python:3.12
ARG M
RUN ${M:+pip install} flask
RUN ${M:+pip} install flask
RUN $(if [ "$M" = p ]; then echo pip; else echo true; fi) install flask
RUN sh -c "pip install --only-binary :all: ${M:+--no-binary :all:} flask"
RUN ${M:+pip install} flask ${A:+a} ${B:+b} ${C:+c} ${D:+d} ${E:+e}
RUN cmake ${M:+-DX=1} ${A:+a} ${B:+b} ${C:+c} ${D:+d} ${E:+e}
