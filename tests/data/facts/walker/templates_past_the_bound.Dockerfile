FROM python:3.12
ARG PIP_INDEX_URL
COPY <<EOF /tmp/pip.conf.tmpl
[global]
only-binary = :all:
index-url = ${PIP_INDEX_URL}
EOF
RUN envsubst < /tmp/pip.conf.tmpl > /etc/pip.conf && pip install flask
RUN envsubst < /tmp/pip.conf.tmpl > /etc/pip.conf && pip install django
