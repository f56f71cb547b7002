FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
RUN pip install flask
SHELL ["/usr/bin/env", "-u", "PIP_ONLY_BINARY", "/bin/sh", "-c"]
RUN pip install flask
SHELL ["env", "PIP_ONLY_BINARY=:all:", "/bin/sh", "-c"]
RUN pip install flask
