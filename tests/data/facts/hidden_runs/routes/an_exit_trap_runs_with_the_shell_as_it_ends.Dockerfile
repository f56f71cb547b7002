# Each probe in a stage of its own: files one writes must not reach the next.
FROM python:3.12-slim AS s0
RUN export PIP_ONLY_BINARY=:all:; trap 'pip install flask' EXIT; unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s1
RUN export PIP_ONLY_BINARY=:all:; trap -- 'pip install flask' 0; export PIP_ONLY_BINARY=
FROM python:3.12-slim AS s2
RUN export PIP_ONLY_BINARY=:all:; trap 'pip install -r /r1.txt' exit; echo '--no-binary :all:' > /r1.txt
FROM python:3.12-slim AS s3
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; trap 'pip install flask' EXIT; rm /etc/pip.conf
FROM python:3.12-slim AS s4
RUN export PIP_ONLY_BINARY=:all:; ( trap 'pip install flask' EXIT; unset PIP_ONLY_BINARY ); echo done
FROM python:3.12-slim AS s5
RUN export PIP_ONLY_BINARY=:all:; trap 'pip install flask' EXIT; if [ -n "$A" ]; then trap - EXIT; fi; unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s6
RUN export PIP_ONLY_BINARY=:all:; trap 'pip install flask' ERR; unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s7
RUN trap 'pip install flask' EXIT; export PIP_ONLY_BINARY=:all:
FROM python:3.12-slim AS s8
RUN trap 'pip install flask' 0; export PIP_ONLY_BINARY=:all:
FROM python:3.12-slim AS s9
RUN ( trap 'pip install flask' EXIT; export PIP_ONLY_BINARY=:all: )
FROM python:3.12-slim AS s10
RUN export PIP_ONLY_BINARY=:all:; ( trap 'pip install flask' EXIT ); unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s11
RUN trap 'pip install flask' EXIT; trap - EXIT
FROM python:3.12-slim AS s12
RUN trap 'pip install --only-binary :all: flask' EXIT; trap 'rm -rf /tmp/x' EXIT
FROM python:3.12-slim AS s13
RUN export PIP_ONLY_BINARY=:all:; trap 'pip install flask' EXIT; trap 'echo hi' EXIT; unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s14
RUN trap 'pip install flask' EXIT; exec pip install --only-binary :all: flask
FROM python:3.12-slim AS s15
RUN trap 'pip install flask' EXIT; if [ -n "$A" ]; then exec true; fi
FROM python:3.12-slim AS s16
RUN pip() { :; }; unset -f pip & pip install flask
FROM python:3.12-slim AS s17
RUN while true; do trap 'pip install flask' EXIT; break; done; trap - EXIT
