ARG PIP_ONLY_BINARY=none
FROM python:3.12 AS base
ENV PIP_ONLY_BINARY=:all:
ARG PIP_ONLY_BINARY
RUN pip install flask
ENV PIP_ONLY_BINARY=:all:
RUN pip install flask
FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
ARG PIP_ONLY_BINARY=:all:
RUN pip install flask
ARG PIP_ONLY_BINARY
RUN pip install flask
FROM base
ARG PIP_ONLY_BINARY=numpy
RUN pip install flask
