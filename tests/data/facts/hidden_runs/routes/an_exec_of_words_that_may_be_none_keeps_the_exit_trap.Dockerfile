FROM python:3.12-slim AS s0
RUN trap 'pip install flask' EXIT; exec "$@"
FROM python:3.12-slim AS s1
ARG CMD
RUN trap 'pip install flask' EXIT; exec $CMD
FROM python:3.12-slim AS s2
RUN trap 'pip install flask' EXIT; exec true
FROM python:3.12-slim AS s3
RUN trap 'pip install flask' EXIT; exec >/tmp/log 2>&1; export PIP_ONLY_BINARY=:all:
