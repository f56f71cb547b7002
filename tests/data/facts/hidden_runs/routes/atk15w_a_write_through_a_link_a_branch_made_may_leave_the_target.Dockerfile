# A write through a link made in a branch the writer does not stand in may reach the path
# itself, not the link's target: bash and dash with /m absent leave `--no-binary :all:` in /n.txt
# (12, 14; a fake pip measured). Was: the target taken as written surely (flask), silent.
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
flask
EOF
COPY <<'EOF' /n.txt
--no-binary :all:
EOF
FROM base AS s0
RUN [ -f /m ] && ln -sf /n.txt /q.txt; echo flask > /q.txt; pip install --only-binary :all: -r /n.txt
FROM base AS s1
RUN if [ -f /m ]; then ln -sf /n.txt /r.txt; fi; echo flask > /r.txt; pip install --only-binary :all: -r /n.txt
# Compliant: the link made where the writer stands (in its branch, or before any): the target
# holds flask.
FROM base AS s2
RUN if [ -f /m ]; then ln -sf /n.txt /r.txt; echo flask > /r.txt; pip install --only-binary :all: -r /n.txt; fi
FROM base AS s3
RUN ln -sf /n.txt /q.txt; echo flask > /q.txt; pip install --only-binary :all: -r /n.txt
