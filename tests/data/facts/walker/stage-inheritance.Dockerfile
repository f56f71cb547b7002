FROM python:3.12 AS base
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
FROM base AS child
RUN pip install flask
FROM python:3.12 AS other
RUN pip install flask
