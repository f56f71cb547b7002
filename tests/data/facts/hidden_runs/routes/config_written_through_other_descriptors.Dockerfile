FROM python:3.12 AS base
RUN pip config --global set global.only-binary :all:
FROM base AS s0
RUN echo x 2>/etc/pip.conf && pip install flask
FROM base AS s1
RUN exec 3>/etc/pip.conf; pip install flask
FROM base AS s2
RUN cat /tmp/x 1<>/etc/pip.conf; pip install flask
FROM base AS s3
RUN ls /nope 2>/dev/null; echo hi 2>/tmp/err.log 3>/tmp/x 2>&1; pip install flask
