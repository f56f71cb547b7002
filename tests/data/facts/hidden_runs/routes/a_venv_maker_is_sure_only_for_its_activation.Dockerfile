FROM python:3.12-slim
WORKDIR /app
# the maker may fail: what follows its `&&` may be skipped
RUN python3 -m venv v && export PIP_ONLY_BINARY=:all:; pip install flask
RUN python3 -m venv v && PIP_ONLY_BINARY=:all:; export PIP_ONLY_BINARY; pip install flask
RUN [ -d v ] || uv venv v && export PIP_ONLY_BINARY=:all:; pip install flask
RUN virtualenv v && printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; pip install flask
RUN python3 -m venv v && . v/bin/activate && export PIP_ONLY_BINARY=:all:; pip install flask
RUN rm -f /etc/pip.conf
RUN python3 -m venv v > /dev/null && export PIP_ONLY_BINARY=:all:; pip install flask
RUN python3 -m venv v || true && export PIP_ONLY_BINARY=:all:; pip install flask
RUN python3 -m venv v && export PIP_ONLY_BINARY=:all: && pip install flask
RUN python3 -m venv v; export PIP_ONLY_BINARY=:all:; pip install flask
