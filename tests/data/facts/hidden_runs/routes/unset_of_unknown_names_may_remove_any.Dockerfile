# Each probe in a stage of its own: files and functions one makes must not reach the next.
FROM python:3.12-slim AS s0
RUN pip() { :; }; unset -f $NAME; pip install flask
FROM python:3.12-slim AS s1
RUN pip() { :; }; unset $NAME; pip install flask
FROM python:3.12-slim AS s2
RUN export PIP_ONLY_BINARY=:all:; unset $NAME; pip install flask
FROM python:3.12-slim AS s3
RUN export PIP_ONLY_BINARY=:all:; unset -v $NAME; pip install flask
FROM python:3.12-slim AS s4
RUN if [ -n "$X" ]; then pip() { :; }; fi; pip install flask
FROM python:3.12-slim AS s5
RUN pip() { :; }; pip install flask
FROM python:3.12-slim AS s6
RUN pip() { :; }; unset -v $NAME; pip install flask
FROM python:3.12-slim AS s7
RUN export PIP_ONLY_BINARY=:all:; unset -f $NAME; pip install flask
