ARG BASE=python:3.12-slim
FROM ${BASE} AS Base
ENV PIP_ONLY_BINARY=:all: HOME=/home/app
WORKDIR /app
SHELL ["/bin/bash", "-c"]
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN pip install flask

FROM base AS child
RUN pip install requests

FROM python:3.12 AS other
RUN pip install django

FROM ubuntu
RUN pip install x
