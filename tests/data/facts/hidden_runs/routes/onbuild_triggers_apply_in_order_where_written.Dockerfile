FROM python:3.12 AS env_first
ONBUILD ENV PIP_ONLY_BINARY=:all:
ONBUILD RUN pip install flask
FROM python:3.12 AS env_unset
ENV PIP_ONLY_BINARY=:all:
ONBUILD ENV PIP_ONLY_BINARY=
ONBUILD RUN pip install flask
FROM python:3.12 AS shell_unsets
ENV PIP_ONLY_BINARY=:all:
ONBUILD SHELL ["env", "-u", "PIP_ONLY_BINARY", "/bin/sh", "-c"]
ONBUILD RUN pip install flask
FROM python:3.12 AS mount
ONBUILD RUN --mount=type=cache,target=/root/.config/pip pip install --only-binary :all: flask
FROM python:3.12 AS later_write
ONBUILD RUN pip install --only-binary :all: -r /app/r.txt
RUN mkdir /app && printf -- '--no-binary :all:\nflask\n' > /app/r.txt
FROM python:3.12 AS arg_default
ONBUILD ARG OB=:all:
ONBUILD RUN PIP_ONLY_BINARY=$OB pip install flask
ONBUILD WORKDIR /src
ONBUILD RUN printf -- '--no-binary :all:\n' > r.txt && pip install --only-binary :all: -r /src/r.txt
