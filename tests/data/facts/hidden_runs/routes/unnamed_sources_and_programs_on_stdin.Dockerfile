# Hostile probes against the fixes of 2026-12-07; each in a stage of its own.
FROM python:3.12-slim AS s0
RUN mkdir -p /w/r && echo flask > /w/r/r.txt && cp -r "$SRC" /w/r/b && find /w/r -name r.txt -exec pip install --only-binary :all: -r {} \;
FROM python:3.12-slim AS s1
RUN echo 'BEGIN{system("pip install flask")}' | awk -f /dev/stdin
FROM python:3.12-slim AS s2
RUN echo 'BEGIN{system("pip install flask")}' | awk -f -
FROM python:3.12-slim AS s3
RUN awk -f "$PROG" /etc/passwd
FROM python:3.12-slim AS s4
RUN printf 'function f(){system("pip install flask")}\n' > /tmp/lib.awk && gawk -i /tmp/lib.awk 'BEGIN{f()}'
FROM python:3.12-slim AS s5
RUN printf 'BEGIN { system("pip install flask") }\n' > /tmp/p.awk && awk -f /dev/stdin < /tmp/p.awk
FROM python:3.12-slim AS s6
RUN gawk -i inplace '{ print }' /etc/hosts
FROM python:3.12-slim AS s7
RUN echo 'BEGIN{print "x"}' | awk -f -
FROM python:3.12-slim AS s8
RUN export PIP_ONLY_BINARY=:all:; sleep 1 & wait $!; pip install flask
