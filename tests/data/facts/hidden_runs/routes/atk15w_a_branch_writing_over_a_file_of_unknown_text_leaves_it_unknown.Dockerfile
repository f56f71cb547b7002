# A branch writing a known text over a file gate cannot read (here: `ln -s` without -f over a
# name a sibling branch removed, so kept or replaced) may not be the branch that ran: the file
# may hold the unknown text still. bash and dash with /m present read `--no-binary :all:` through
# the link at 13 and 15 (a fake pip measured). Was: the new text alone (requests), silent.
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
flask
EOF
COPY <<'EOF' /n.txt
--no-binary :all:
EOF
FROM base AS s0
RUN if [ -f /m ]; then rm /r.txt; ln -s /n.txt /r.txt; else echo requests > /r.txt; fi; pip install --only-binary :all: -r /r.txt
FROM base AS s1
RUN [ -f /m ] && { rm -f /r.txt; ln -s /n.txt /r.txt; }; [ -f /k ] && echo requests > /r.txt; pip install --only-binary :all: -r /r.txt
# Compliant: the write certain (no branch), over whatever was there.
FROM base AS s2
RUN [ -f /m ] && { rm -f /r.txt; ln -s /n.txt /r.txt; }; rm -f /r.txt; echo requests > /r.txt; pip install --only-binary :all: -r /r.txt
