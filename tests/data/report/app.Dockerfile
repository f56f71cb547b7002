# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements.txt .
RUN pip install --upgrade pip \
 && pip install -r requirements.txt \
 && pip install \
      flask \
      gunicorn \
      requests \
      "uvicorn[standard]" \
      httpx
RUN pip install --only-binary :all: numpy

FROM python:3.12-slim AS app
ARG EXTRA
RUN pip install $EXTRA
# gate: ignore=python-build-scripts reason="vendored wheel house, reviewed in SEC-42"
RUN pip install ./vendor/pkg.tar.gz
