# Each probe in a stage of its own: files one writes must not reach the next.
FROM python:3.12-slim AS s0
RUN export PIP_ONLY_BINARY=:all: & pip install flask
FROM python:3.12-slim AS s1
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; pip install flask & rm /etc/pip.conf
FROM python:3.12-slim AS s2
RUN rm -f /etc/pip.conf & printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; pip install flask
FROM python:3.12-slim AS s3
RUN export PIP_ONLY_BINARY=:all:; pip install -r /r2.txt & echo '--no-binary :all:' > /r2.txt
FROM python:3.12-slim AS s4
RUN export PIP_ONLY_BINARY=:all:; pip install flask & unset PIP_ONLY_BINARY
FROM python:3.12-slim AS s5
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf & wait; pip install flask
FROM python:3.12-slim AS s6
RUN export PIP_ONLY_BINARY=:all:; pip install flask & wait; rm /etc/pip.conf
FROM python:3.12-slim AS s7
RUN export PIP_ONLY_BINARY=:all:; unset PIP_ONLY_BINARY & pip install flask
