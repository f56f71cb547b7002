# syntax=docker/dockerfile:1.10
FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
ARG VAR=PIP_ONLY_BINARY
RUN --mount=type=secret,id=s,env=$VAR pip install flask
RUN --mount=type=SECRET,id=s,env=PIP_ONLY_BINARY pip install flask
