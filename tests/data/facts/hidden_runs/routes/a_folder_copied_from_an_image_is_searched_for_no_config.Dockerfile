FROM python:3.12 AS builder
RUN pip install --only-binary :all: flask
FROM python:3.12-slim
COPY --from=builder /usr/local /usr/local
RUN pip install --only-binary :all: flask
COPY --from=ghcr.io/x/y:1 /etc/ /etc/
RUN pip install --only-binary :all: flask
RUN pip install --only-binary :all: -r /etc/req.txt
