# A bash started with `-O lastpipe`, or with BASHOPTS naming lastpipe in its environment (an
# `export BASHOPTS` after `shopt -s lastpipe`, `env BASHOPTS=…`, ENV), runs a pipeline's last
# part in itself: `echo | unset PIP_ONLY_BINARY` unsets it (bash 5.2 measured, fake pip).
FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
RUN bash -O lastpipe -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN bash -xO lastpipe -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN env BASHOPTS=lastpipe bash -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN env BASHOPTS=lastpipe bash +O lastpipe -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN bash -c 'shopt -s lastpipe; export BASHOPTS; bash -c "echo | unset PIP_ONLY_BINARY; pip install flask"'
# Compliant: lastpipe off as the shell starts, so the unset runs in a subshell.
RUN bash -O lastpipe +O lastpipe -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN env BASHOPTS=lastpipe bash -p -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN env BASHOPTS=lastpipe dash -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
RUN bash -c 'shopt -s lastpipe; bash -c "echo | unset PIP_ONLY_BINARY; pip install flask"'
FROM python:3.12-slim AS s1
ENV PIP_ONLY_BINARY=:all: BASHOPTS=lastpipe
SHELL ["/bin/bash", "-c"]
RUN echo | unset PIP_ONLY_BINARY; pip install flask
FROM python:3.12-slim AS s2
ENV PIP_ONLY_BINARY=:all:
SHELL ["/bin/bash", "-O", "lastpipe", "-c"]
RUN echo | unset PIP_ONLY_BINARY; pip install flask
FROM python:3.12-slim AS s3
ENV PIP_ONLY_BINARY=:all:
# `sh` may be bash: `-O lastpipe` may run the last part in the shell (dash refuses -O).
RUN sh -O lastpipe -c 'echo | unset PIP_ONLY_BINARY; pip install flask'
