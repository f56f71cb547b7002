# Each probe in a stage of its own: files one writes must not reach the next.
FROM python:3.12-slim AS s0
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -r /opt/base /w/r/b && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s1
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -a /opt/base/. /w/r/ && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s2
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && rsync -a /opt/base/ /w/r/ && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} +
FROM python:3.12-slim AS s3
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -r /opt/base /tmp/q && cp -r /tmp/q /w/r/q && find /w/r -name r.txt -execdir pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s4
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -r /opt/base /w/r/b && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \; -quit
FROM python:3.12-slim AS s5
RUN mkdir -p /w/r /w/s && echo flask > /w/r/r.txt && echo x > /w/s/f && cp -r /w/s /w/r/s && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s6
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp /opt/base/x /w/r/x && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s7
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -r /opt/base /w/other && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
