FROM python:3.12-slim AS s0
ENV BASH_ENV=/etc/rc
RUN echo 'export PIP_ONLY_BINARY=:all:' > /etc/rc
RUN ["bash", "-c", "pip install flask"]
RUN ["sh", "-c", "pip install flask"]
FROM python:3.12-slim AS s1
ENV PIP_ONLY_BINARY=:all:
ENV BASH_ENV=/etc/rc
RUN echo 'unset PIP_ONLY_BINARY' > /etc/rc
RUN ["bash", "-c", "pip install flask"]
RUN ["bash", "-c", ". /etc/rc; pip install flask"]
RUN ["sh", "-c", "pip install flask"]
