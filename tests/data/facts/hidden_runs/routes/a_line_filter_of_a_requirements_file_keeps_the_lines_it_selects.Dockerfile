# Each probe in a stage of its own. G holds the lines of F the filter keeps.
FROM python:3.12-slim AS s0
COPY <<'EOF' /f.txt
# deps
--only-binary :all:
flask==3.0

requests
EOF
RUN grep -v '^#' /f.txt > /g.txt && pip install -r /g.txt
RUN grep -v -e '^$' -e '^#' /f.txt > /g.txt && pip install -r /g.txt
RUN grep -Ev '^#|^$' /f.txt > /g.txt && pip install -r /g.txt
RUN sed '/^#/d' /f.txt > /g.txt && pip install -r /g.txt
RUN sed -e '/^$/d' -e '/^[[:space:]]*#/d' /f.txt > /g.txt; pip install -r /g.txt
RUN grep -v only-binary /f.txt > /g.txt && pip install -r /g.txt
RUN grep -v '^--only' /f.txt > /g.txt && pip install -r /g.txt
RUN sed '/binary/d' /f.txt > /g.txt && pip install -r /g.txt
RUN grep -E -v '^(#|$)' /f.txt > /g.txt && pip install -r /g.txt
RUN grep -v '^\(#\)' /f.txt > /g.txt && pip install -r /g.txt
RUN grep '^[a-z]' /f.txt > /g.txt && pip install -r /g.txt
RUN grep -F -v -- '--only' /f.txt > /g.txt && pip install -r /g.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /f.txt
# deps
flask==3.0
--no-binary :all:
requests
EOF
RUN grep -v '^#' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v '^--no' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v 'no.binary' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN sed '/^--/d' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN sort -u /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v '\(#\)' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v '\<deps\>' /f.txt > /g.txt && pip install --only-binary :all: -r /g.txt
FROM python:3.12-slim AS s2
COPY <<'EOF' /n.txt
# names only
flask==3.0
requests[socks] >= 2.31 ; python_version >= "3.8"

flask==3.0
EOF
RUN sort -u /n.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v '\<x\>' /n.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN uniq /n.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN cat -s /n.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN tr -d '\r' < /n.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN sort -u /n.txt > /g.txt && pip install -r /g.txt
FROM python:3.12-slim AS s3
COPY <<'EOF' /p.txt
flask
./vendor/lib
EOF
RUN sort -u /p.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN grep -v '^\./' /p.txt > /g.txt && pip install --only-binary :all: -r /g.txt
RUN curl -o /d.txt https://example.com/r.txt && grep -v '^#' /d.txt > /g.txt && pip install --only-binary :all: -r /g.txt
