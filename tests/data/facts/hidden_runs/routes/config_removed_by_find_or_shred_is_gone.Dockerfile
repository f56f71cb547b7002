FROM python:3.12 AS base
RUN pip config --global set global.only-binary :all:
FROM base AS s0
RUN find /etc/pip.conf -delete && pip install flask
FROM base AS s1
RUN find /etc -maxdepth 1 -name 'pip.*' -type f -delete && pip install flask
FROM base AS s2
RUN find /etc -name pip.conf -exec rm {} + && pip install flask
FROM base AS s3
RUN find /etc -name pip.conf | xargs rm -f && pip install flask
FROM base AS s4
RUN shred -u /etc/pip.conf && pip install flask
FROM base AS s5
RUN > /etc/pip.conf && pip install flask
FROM base AS s6
RUN find /etc -newer /tmp/stamp -delete && pip install flask
FROM base AS s7
RUN find / -name '*.conf' -exec sed -i 's/all/none/' {} \; && pip install flask
FROM base AS s8
RUN find /etc -name pip.conf -exec sh -c 'crudini --del "$1" global' _ {} \; && pip install flask
