# syntax=docker/dockerfile:1.10
FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
RUN --mount=type=secret,id=nb,env=PIP_NO_BINARY pip install flask
RUN --mount=type=secret,id=token,env=API_TOKEN pip install flask
RUN --mount=type=secret,id=nb pip install flask
