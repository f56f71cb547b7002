FROM python:3.12 AS builder
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf

FROM builder AS app
RUN pip install flask
