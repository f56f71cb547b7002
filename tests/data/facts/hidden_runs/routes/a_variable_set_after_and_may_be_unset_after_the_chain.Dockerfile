FROM python:3.12-slim
RUN [ -n "$X" ] && export PIP_ONLY_BINARY=:all:; pip install flask
RUN [ -n "$X" ] && export PIP_ONLY_BINARY=:all: && pip install flask
RUN [ -n "$X" ] && export PIP_NO_BINARY=:all:; pip install --only-binary :all: flask
RUN true && M=--no-deps; pip install --only-binary :all: $M flask
RUN M=--only-binary=:all:; python -m venv /v && M=--no-deps; pip install $M flask
RUN export PIP_ONLY_BINARY=:all:; [ -n "$X" ] && unset PIP_ONLY_BINARY; pip install flask
RUN export PIP_ONLY_BINARY=:all:; if [ -n "$X" ]; then unset PIP_ONLY_BINARY; fi; pip install flask
RUN [ -n "$X" ] && M=--only-binary=:all: || M=--only-binary=:all:; pip install $M flask
RUN [ -d /opt ] && M=--no-deps; pip install --only-binary :all: flask
RUN [ -n "$X" ] && export PIP_ONLY_BINARY=:all: || echo none; pip install flask
RUN [ -n "$X" ] && M=--no-deps || M=--only-binary=:all:; pip install $M flask
RUN cd /tmp && [ -n "$X" ] && export PIP_ONLY_BINARY=:all:
