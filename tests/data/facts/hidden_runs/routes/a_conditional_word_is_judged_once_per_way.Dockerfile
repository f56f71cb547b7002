# bash 5.2, dash 0.5.12, busybox 1.35 sh, a pip printing its argv: `${M:+W}` (M of unknown value)
# is nothing or W's words, `$(if …; then echo W; fi)` and `$(C && echo A || echo B)` one of
# their branches' texts; each way is judged, the worst wins. A way that cannot be read stays unknown.
FROM python:3.12
ARG M
RUN pip install --only-binary :all: ${M:+--no-deps} flask
RUN pip install --only-binary :all: ${M:+--no-binary :all:} flask
RUN pip install ${M:+--only-binary :all:} flask
RUN pip install --only-binary :all: ${M:+${B:+--no-binary :all:}} flask
RUN pip install --only-binary :all: $(if [ "$M" = p ]; then echo --no-deps; fi) flask
RUN pip install --only-binary :all: $(if [ "$M" = p ]; then echo --no-binary :all:; fi) flask
RUN pip install $( [ "$M" = y ] && echo --only-binary :all: ) flask
RUN pip install --only-binary :all: $([ -n "$M" ] && echo --no-deps || echo --upgrade) flask
RUN pip install --only-binary :all: $(if [[ $M == p ]]; then echo --no-deps; elif [ "$M" = q ]; then echo -U; else echo --pre; fi) flask
RUN pip install --only-binary :all: $(case $M in p) echo --no-deps;; *) echo --upgrade;; esac) flask
RUN pip install --only-binary :all: $(case $M in p) echo -U;; q) echo --no-binary=:all:;; esac) flask
RUN pip install $(false; echo --only-binary :all:) flask
RUN pip install --only-binary :all: $(if [ x ]; then echo $UNKNOWN; fi) flask
RUN pip install --only-binary :all: $(if grep -q x f; then echo --no-deps; fi) flask
RUN pip install --only-binary :all: $(if [ x ]; then echo --no-deps; fi >&2) flask
RUN echo() { printf -- '--no-binary=:all:'; }; pip install --only-binary :all: $(if [ x ]; then echo --no-deps; fi) flask
RUN pip install --only-binary :all: ${A:+-U} ${B:+-U} ${C:+-U} ${D:+-U} ${E:+--no-binary=:all:} flask
RUN touch ./--no-binary=:all:; pip install --only-binary :all: $(if [ x ]; then echo *; fi) flask
RUN pip install $([ -n "$M" ] && echo --no-deps; echo --only-binary :all:) flask
RUN pip install $(true && false; echo --only-binary :all:) flask
RUN pip install $(! true; echo --only-binary :all:) flask
RUN printf '%s\n' $(if [ "$M" = p ]; then echo --no-binary=:all:; else echo -U; fi) flask > /r.txt; pip install --only-binary :all: -r /r.txt
RUN printf '%s\n' ${M:+--no-binary=:all:} flask > /r.txt; pip install --only-binary :all: -r /r.txt
RUN pip install --only-binary :all: $(case $M in p) echo -U;& q) echo --no-binary=:all:;; esac) flask
