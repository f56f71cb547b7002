FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
SHELL ["/bin/bash", "-c"]
RUN <<EOF
set -o posix
alias time=env
echo | time PIP_ONLY_BINARY= pip install flask
EOF
SHELL ["/bin/bash", "--posix", "-c"]
RUN <<EOF
alias time=env
echo | time PIP_ONLY_BINARY= pip install flask
EOF
SHELL ["/bin/dash", "-c"]
RUN time PIP_ONLY_BINARY= pip install flask
RUN time pip install --no-binary :all: flask
SHELL ["/bin/busybox", "sh", "-c"]
RUN time PIP_ONLY_BINARY= pip install flask
SHELL ["/bin/sh", "-c"]
RUN dash -c 'time PIP_ONLY_BINARY= pip install flask'
