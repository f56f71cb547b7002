# Each probe in a stage of its own. A mount at $T lies at one folder: what the RUN writes
# elsewhere stays after it, so a file written under it may hold what the RUN put there.
FROM python:3.12-slim AS s0
ARG T
COPY <<'EOF' /m/r.txt
flask
EOF
RUN --mount=type=cache,target=$T grep -v '^#' /m/r.txt > /g.txt
RUN pip install --only-binary :all: -r /g.txt
RUN --mount=type=cache,target=$T cp /m/r.txt /h.txt
RUN pip install --only-binary :all: -r /h.txt
FROM python:3.12-slim AS s1
ARG T
COPY <<'EOF' /r.txt
flask
EOF
RUN --mount=type=cache,target=$T echo '--no-binary :all:' > /r.txt
RUN pip install --only-binary :all: -r /r.txt
FROM python:3.12-slim AS s2
ARG T
RUN --mount=type=cache,target=$T echo flask > /r.txt
RUN pip install --only-binary :all: -r /r.txt
RUN --mount=type=cache,target=$T while read -r p; do echo "$p" >> /n.txt; done < /r.txt
RUN pip install --only-binary :all: -r /n.txt
