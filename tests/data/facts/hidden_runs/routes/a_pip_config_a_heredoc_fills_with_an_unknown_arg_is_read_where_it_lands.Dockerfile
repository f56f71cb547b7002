FROM python:3.12
ARG EXTRA
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
$EXTRA
EOF
RUN pip install --only-binary :all: flask
RUN pip install flask
COPY <<EOF /etc/pip.conf
[global]
only-binary = $EXTRA
EOF
RUN pip install --only-binary :all: flask
RUN pip install flask
COPY <<EOF /etc/pip.conf
[install]
editable = $EXTRA
EOF
RUN pip install --only-binary :all: flask
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
index-url = $EXTRA
EOF
RUN pip install flask
