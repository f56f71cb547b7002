# `O=${M:+W}` and `O=$(if …; then echo A; else echo B; fi)` (M of unknown value) leave O holding
# one of the known texts (bash 5.2, dash 0.5.12, busybox 1.35 sh): a command using O is judged
# once per value, as after `if …; then O=A; else O=B; fi`. A value gate cannot know stays unknown.
FROM python:3.12
ARG M
RUN O=${M:+--no-deps}; pip install --only-binary :all: $O flask
RUN O=${M:+--no-binary=:all:}; pip install --only-binary :all: $O flask
RUN O=$(if [ "$M" = p ]; then echo --no-deps; else echo -U; fi); pip install --only-binary :all: $O flask
RUN O=$(if [ "$M" = p ]; then echo --no-binary :all:; fi); pip install --only-binary :all: $O flask
RUN O=${M:+--no-deps}; O=$O$UNK; pip install --only-binary :all: $O flask
RUN O=$([ -n "$M" ] && echo $UNK); pip install --only-binary :all: $O flask
RUN export O=${M:+--no-binary=:all:}; pip install --only-binary :all: $O flask
RUN export O=${M:+--no-deps}; pip install --only-binary :all: $O flask
RUN f() { local O=${M:+--no-binary=:all:}; pip install --only-binary :all: $O flask; }; f
RUN export PIP_ONLY_BINARY=${M:+:all:}; pip install flask
RUN declare -l O=${M:+--NO-DEPS}; pip install --only-binary :all: $O flask
