# foo=bar
# escape=`
FROM python:3.12
ENV PIP_ONLY_BINARY=`:all:
RUN pip install flask
FROM python:3.12
ENV PIP_ONLY_BINARY=\:all:
RUN pip install flask
