FROM python:3.12-slim
RUN f() { pip install --only-binary :all: flask; return; pip install flask; }; f
RUN f() { return 0; pip install flask; }; f; pip install --only-binary :all: flask
RUN f() { pip install --only-binary :all: flask; return; }; f; pip install flask
RUN f() { [ -n "$X" ] && return; pip install flask; }; f
RUN f() { [ -n "$X" ] && return; export PIP_ONLY_BINARY=:all:; }; f; pip install flask
RUN f() { export PIP_ONLY_BINARY=:all:; return; unset PIP_ONLY_BINARY; }; f; pip install flask
RUN f() { if [ -n "$X" ]; then return; fi; export PIP_ONLY_BINARY=:all:; }; f; pip install flask
RUN f() { for p in flask requests; do return; pip install $p; done; }; f
RUN f() { { export PIP_ONLY_BINARY=:all:; return; }; unset PIP_ONLY_BINARY; }; f; pip install flask
RUN printf 'return\n' > /r.sh; f() { . /r.sh; pip install flask; }; f
RUN f() { eval return; pip install flask; }; f
RUN f() { (return); pip install flask; }; f
RUN f() { echo | return; pip install flask; }; f
RUN g() { return; }; f() { g; pip install flask; }; f
RUN f() { return; }; f; pip install flask
