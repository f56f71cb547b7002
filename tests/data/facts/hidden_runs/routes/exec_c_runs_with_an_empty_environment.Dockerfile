FROM python:3.12-slim
ENV PIP_ONLY_BINARY=:all:
RUN exec -c pip install flask
SHELL ["/bin/bash", "-c"]
RUN exec -c pip install flask
RUN exec -cl pip install flask
RUN exec -a foo -c -- pip install flask
RUN PIP_ONLY_BINARY=:all: exec -c pip install flask
RUN command exec -ca c pip install flask
RUN exec -a c pip install flask
RUN exec -l pip install flask
