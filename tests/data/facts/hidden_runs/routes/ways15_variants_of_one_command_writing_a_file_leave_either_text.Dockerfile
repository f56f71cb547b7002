# A command whose variable may hold either of two values (set in the branches of a `case`) is
# walked once per value, and only one of them runs: a file they write differently may hold
# either text, also for a command in the same branch. Was: the last value's text alone, silent
# where the other builds (bash, dash: X=a leaves `--no-binary :all:` in /r.txt, else flask).
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
--no-binary :all:
EOF
WORKDIR /
FROM base AS s0
RUN case "$X" in a) V='--no-binary :all:';; *) V=flask;; esac; echo "$V" > /v.txt; pip install --only-binary :all: -r /v.txt
FROM base AS s1
RUN case "$X" in a) V='--only-binary :all:';; *) V=flask;; esac; echo "$V" > /v.txt; pip install -r /v.txt
FROM base AS s2
RUN case "$X" in a) V='--no-binary :all:';; *) V=flask;; esac; [ -f /m ] && cd /app; echo "$V" > /r.txt; pip install --only-binary :all: -r /r.txt
# Either value's text is compliant, and one value writing the same text twice is that text.
FROM base AS s3
RUN [ -f /m ] && cd /app; case "$X" in a) V=flask;; *) V=requests;; esac; echo "$V" > /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s4
RUN case "$X" in a) V=flask;; *) V=flask;; esac; echo "$V" > /v.txt; pip install --only-binary :all: -r /v.txt
