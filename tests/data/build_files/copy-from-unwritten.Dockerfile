FROM python:3.12 AS builder
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf

FROM python:3.12 AS app
COPY --from=builder /etc/other.conf /etc/pip.conf
RUN pip install flask
