# A `return` at a sourced file's top level ends the file (bash, dash): what follows it there
# does not run. `eval return` / `eval break` act where the eval runs (in a function, a loop).
FROM python:3.12-slim
COPY <<'EOF' /s.sh
return
export PIP_ONLY_BINARY=:all:
EOF
COPY <<'EOF' /t.sh
[ -n "$X" ] && return
export PIP_ONLY_BINARY=:all:
EOF
RUN . /s.sh; pip install flask
RUN . /t.sh; pip install flask
RUN f() { eval return; export PIP_ONLY_BINARY=:all:; }; f; pip install flask
RUN for p in --no-binary=:all: x; do eval break; done; pip install --only-binary :all: flask $p
# compliant: the code after the return, in the file that sourced it, runs
RUN . /s.sh; export PIP_ONLY_BINARY=:all:; pip install flask
RUN f() { . /s.sh; export PIP_ONLY_BINARY=:all:; }; f; pip install flask
RUN f() { eval 'g() { return; }'; g; export PIP_ONLY_BINARY=:all:; }; f; pip install flask
