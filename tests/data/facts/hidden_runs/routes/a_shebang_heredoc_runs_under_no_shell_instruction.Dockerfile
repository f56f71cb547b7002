FROM python:3.12
SHELL ["env", "PIP_ONLY_BINARY=:all:", "/bin/sh", "-c"]
RUN pip install flask
RUN <<EOF
#!/bin/sh
pip install flask
EOF
RUN <<EOF
pip install flask
EOF
ENV PIP_ONLY_BINARY=:all:
RUN <<EOF
#!/usr/bin/env -S pip install --no-binary :all: -r
flask
EOF
RUN <<EOF
#!/usr/bin/env -S pip install -r
flask
EOF
