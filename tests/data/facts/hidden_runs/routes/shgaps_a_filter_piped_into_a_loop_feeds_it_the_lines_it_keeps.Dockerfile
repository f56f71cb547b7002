# A line filter piped straight into a `while read` loop or xargs feeds it the lines it keeps, as
# the loop over the file itself is read; the loop runs in a subshell (bash, dash, busybox sh:
# its assignments do not reach the shell after it) unless bash's `shopt -s lastpipe` is on.
FROM python:3.12-slim AS s0
COPY <<'EOF' /r.txt
# deps
flask
requests
EOF
COPY <<'EOF' /app/n.txt
# deps
flask
--no-binary=:all:
EOF
RUN grep -v '^#' /r.txt | while read p; do pip install --only-binary :all: "$p"; done
RUN grep -v '^#' /r.txt | xargs -n1 pip install --only-binary :all:
RUN sort -u /r.txt | while read -r p; do pip install --only-binary :all: $p; done
RUN cat /r.txt | grep -v '^#' | while read p; do pip install --only-binary :all: "$p"; done
RUN grep -v '^#' < /r.txt | grep -v zzz | xargs -n1 pip install --only-binary :all:
RUN cd /app && grep -v '^#' n.txt | xargs pip install --only-binary :all:
RUN cd /app && grep -v '^#' n.txt | xargs -n1 pip install --only-binary :all:
RUN sed '/^#/d' /app/n.txt | while read p; do pip install --only-binary :all: $p; done
RUN grep -v '^#' /r.txt | while read p; do pip install "$p"; done
RUN grep -v '^#' /r.txt | while read p; do export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN echo --no-binary=:all: >> /r.txt; grep -v '^#' /r.txt | xargs pip install --only-binary :all:
RUN curl -o /d.txt https://example.com/r.txt && grep -v '^#' /d.txt | xargs pip install --only-binary :all:
RUN grep -v '\<x\>' /app/n.txt | xargs pip install --only-binary :all:
FROM python:3.12-slim AS s1
COPY <<'EOF' /r.txt
flask
EOF
SHELL ["/bin/bash", "-c"]
RUN shopt -s lastpipe; grep -v '^#' /r.txt | while read p; do export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN grep -v '^#' /r.txt | while read p; do export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN shopt -s $O; grep -v '^#' /r.txt | while read p; do export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN shopt -s lastpipe; grep -v '^#' /r.txt | while read p; do X=$p; done; pip install --only-binary :all: "$X"
