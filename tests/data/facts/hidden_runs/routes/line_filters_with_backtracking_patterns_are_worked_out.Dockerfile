# Patterns Python's re backtracks on for minutes over a run of a's (a 229-byte Dockerfile stalled
# gate): the lines they select are worked out exactly, in linear work.
FROM python:3.12-slim AS s0
RUN printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n--no-binary :all:\n' > /r; grep -vE '^(a|aa)+$' /r > /s; pip install --only-binary :all: -r /s
FROM python:3.12-slim AS s1
RUN printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n--no-binary :all:\n' > /r; grep -E '(a|aa)*c' /r > /s; pip install --only-binary :all: -r /s
FROM python:3.12-slim AS s2
RUN printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n--no-binary :all:\n' > /r; sed '/^\(a*\)*\(a*\)*b$/d' /r > /s; pip install --only-binary :all: -r /s
FROM python:3.12-slim AS s3
RUN printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n--no-binary :all:\n' > /r; sed '/-\(a*\)*c/!d' /r > /s; pip install --only-binary :all: -r /s
