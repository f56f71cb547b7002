FROM python:3.12
ARG VENV
RUN "$VENV/bin/pip" install flask
