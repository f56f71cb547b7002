FROM python:3.12-slim
RUN f() { pip install lxml; }; PIP_ONLY_BINARY=:all: f
RUN g() { pip install lxml; }; h() { g; }; PIP_ONLY_BINARY=:all: h
RUN f() { pip install "$@"; }; PIP_ONLY_BINARY=:all: f lxml; f numpy
RUN PIP_ONLY_BINARY=:all: eval 'pip install lxml'
ENV PIP_ONLY_BINARY=:all:
RUN f() { pip install lxml; }; PIP_ONLY_BINARY= f
RUN PIP_ONLY_BINARY= eval 'pip install lxml'
RUN f() { true; }; PIP_ONLY_BINARY= f; pip install lxml
RUN PIP_ONLY_BINARY= eval true; pip install lxml
RUN bash -c 'PIP_ONLY_BINARY= eval true; pip install lxml'
