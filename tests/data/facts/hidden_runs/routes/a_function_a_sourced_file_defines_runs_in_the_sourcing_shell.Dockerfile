FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
RUN echo 'f() { pip install flask; }' > /etc/rc
RUN . /etc/rc; unset PIP_ONLY_BINARY; f
RUN echo 'pip() { env -u PIP_ONLY_BINARY pip3 "$@"; }' > /root/.bash_profile
RUN bash -lc 'pip install flask'
RUN . /etc/rc; f
FROM python:3.12-slim AS s1
ENV BASH_ENV=/etc/rc
RUN echo 'pip() { command pip "$@" --only-binary :all:; }' > /etc/rc
SHELL ["/bin/bash", "-c"]
RUN pip install flask
