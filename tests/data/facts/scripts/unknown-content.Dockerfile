FROM python:3.12
RUN curl -fsSL https://example.invalid/setup.sh > /tmp/setup.sh && sh /tmp/setup.sh
