FROM python:3.12 AS base
RUN pip config --global set global.only-binary :all:
COPY <<EOF /tmp/conf/pip.conf
[global]
no-binary = :all:
EOF
FROM base AS s0
RUN cp -r /tmp/conf/. /etc/ && pip install flask
FROM base AS s1
RUN cp -a /tmp/conf/* /etc/ && pip install flask
FROM base AS s2
RUN rsync -a /tmp/conf/ /etc/ && pip install flask
FROM base AS s3
RUN mv /tmp/conf/* /etc/ && pip install flask
FROM base AS s4
RUN cp -r /opt/unknown/. /etc/ && pip install flask
FROM base AS s5
RUN rsync -a /opt/unknown/ /etc/ && pip install flask
FROM base AS s6
RUN cp -r /tmp/conf /etc/ && rsync -a /tmp/conf /etc/ && cp -r /opt/unknown/. /srv/ && pip install flask
