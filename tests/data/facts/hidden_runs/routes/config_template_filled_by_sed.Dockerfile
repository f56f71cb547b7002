FROM python:3.12 AS base
ARG PIP_INDEX_URL
COPY <<EOF /tmp/pip.conf.in
[global]
only-binary = :all:
index-url = @INDEX@
EOF
FROM base AS s0
RUN sed "s|@INDEX@|$PIP_INDEX_URL|" /tmp/pip.conf.in > /etc/pip.conf && pip install flask
FROM base AS s1
RUN cp /tmp/pip.conf.in /etc/pip.conf && sed -i -e "s|@INDEX@|${PIP_INDEX_URL}|g" /etc/pip.conf && pip install flask
FROM base AS s2
RUN cp /tmp/pip.conf.in /etc/pip.conf && sed -i 's/:all:/:none:/' /etc/pip.conf && pip install flask
FROM base AS s3
RUN sed "s|:all:|$ONLY|" /tmp/pip.conf.in > /etc/pip.conf && pip install flask
FROM base AS s4
RUN sed "s|only-binary = :all:|$LINE|" /tmp/pip.conf.in > /etc/pip.conf && pip install flask
FROM base AS s5
RUN cp /tmp/pip.conf.in /etc/pip.conf && sed -i "s|@INDEX@|$PIP_INDEX_URL|;s|:all:|:none:|" /etc/pip.conf && pip install flask
