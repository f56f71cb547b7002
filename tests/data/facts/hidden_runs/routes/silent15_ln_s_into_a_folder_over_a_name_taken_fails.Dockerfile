# `ln -s T DIR` (DIR a folder the build made, no trailing slash) makes DIR/T's name, and
# without -f or -b fails where that name is taken ("File exists"; GNU coreutils 9.1 measured).
FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
RUN mkdir -p /app && printf 'flask\n' > /app/r.txt && printf -- '--no-binary flask\nflask\n' > /tmp/r.txt
FROM s0 AS s1
# Compliant: /app/r.txt stays (was: replaced by the link, denied).
RUN ln -s /tmp/r.txt /app; pip install -r /app/r.txt
FROM s0 AS s2
RUN ln -sf /tmp/r.txt /app; pip install -r /app/r.txt
FROM s0 AS s3
RUN ln -sb /tmp/r.txt /app; pip install -r /app/r.txt
FROM s0 AS s4
RUN ln -s /tmp/r.txt /app; ln -s /tmp/r.txt /app/q.txt; pip install -r /app/q.txt
