FROM python:3.12 AS builder
RUN echo 'pip install gunicorn' > /opt/install.sh

FROM python:3.12
COPY --from=builder /opt/install.sh /tmp/install.sh
RUN sh /tmp/install.sh
