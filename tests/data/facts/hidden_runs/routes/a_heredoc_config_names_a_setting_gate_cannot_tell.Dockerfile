FROM python:3.12 AS key
ARG K
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
[install]
$K = :all:
EOF
RUN pip install flask
FROM python:3.12 AS value
ARG V
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
[install]
no-binary = $V
EOF
RUN pip install flask
FROM python:3.12 AS harmless
ARG MIRROR
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
index-url = $MIRROR
timeout: $MIRROR
EOF
RUN pip install flask
