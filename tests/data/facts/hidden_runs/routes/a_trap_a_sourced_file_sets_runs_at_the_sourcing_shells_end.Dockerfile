FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
RUN echo "trap 'pip install flask' EXIT" > /etc/rc
RUN . /etc/rc; unset PIP_ONLY_BINARY
RUN echo "trap 'pip install flask' EXIT" > /root/.bash_profile
RUN bash -lc 'unset PIP_ONLY_BINARY'
RUN . /etc/rc; exec true
RUN bash -lc 'export PIP_ONLY_BINARY=:all:'
FROM python:3.12-slim AS s1
RUN echo "trap 'pip install flask' EXIT" > /etc/rc
RUN . /etc/rc; export PIP_ONLY_BINARY=:all:
