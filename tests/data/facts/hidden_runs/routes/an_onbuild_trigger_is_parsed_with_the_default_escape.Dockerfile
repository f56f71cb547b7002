# escape=`
FROM python:3.12 AS base
ONBUILD ENV PIP_ONLY_BINARY=`:all:
ONBUILD RUN pip install flask
FROM python:3.12 AS other
ONBUILD ENV PIP_ONLY_BINARY=\:all:
ONBUILD RUN pip install flask
FROM python:3.12 AS joined
ONBUILD ENV PIP_ONLY_BINARY=:all: `
    PIP_NO_BINARY=\:none:
ONBUILD RUN pip install flask
FROM python:3.12 AS plain
ONBUILD ENV PIP_ONLY_BINARY=:all:
ONBUILD RUN pip install flask
