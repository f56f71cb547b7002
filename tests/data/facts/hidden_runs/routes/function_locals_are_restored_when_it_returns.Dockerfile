# `local` (bash's declare/typeset without -g too) holds only until the function returns (bash 5.2, dash 0.5.12, busybox 1.35).
FROM python:3.12-slim
RUN X=--no-binary; f() { local X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { local X; X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { local X=--only-binary; export X; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { local X=--only-binary; g; }; g() { X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { if [ -n "$A" ]; then local X=--only-binary; fi; X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { local X=--only-binary; pip install $X :all: flask; }; f
RUN X=--no-binary; f() { local Y=1; X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { bash -c 'local X=1'; X=--only-binary; }; f; pip install $X :all: flask
SHELL ["/bin/bash", "-c"]
RUN X=--no-binary; f() { declare X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { typeset -x X=--only-binary; }; f; pip install $X :all: flask
RUN X=--no-binary; f() { declare -g X=--only-binary; }; f; pip install $X :all: flask
