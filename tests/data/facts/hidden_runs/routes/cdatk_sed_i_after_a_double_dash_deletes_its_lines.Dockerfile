# `sed -i -- '/RE/d' F` and `sed -s -i '/RE/d' F` delete F's matching lines as `sed -i '/RE/d' F`
# does (GNU sed 4.9 and busybox measured: nothing after `--` is an option; -i implies -s).
# Was: F marked as possibly changed, compliant installs denied.
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
--no-binary :all:
flask
EOF
FROM base AS s0
RUN sed -i -- '/no-binary/d' /r.txt && pip install --only-binary :all: -r /r.txt
FROM base AS s1
RUN sed -s -i '/no-binary/d' /r.txt && pip install --only-binary :all: -r /r.txt
FROM base AS s2
RUN sed --in-place --separate -- '/no-binary/d' /r.txt && pip install --only-binary :all: -r /r.txt
FROM base AS s3
RUN sed -i -- '/flask/d' /r.txt && pip install --only-binary :all: -r /r.txt flask
