FROM python:3.12-slim
ENV PIP_ONLY_BINARY=:all:
COPY <<EOF /app/.env
PIP_NO_BINARY=lxml
EOF
RUN export $(cat /app/.env) && pip install lxml
RUN pip install lxml
RUN export $(grep -v '^#' /app/.env | xargs); pip install lxml
RUN declare $(cat /app/.env) && pip install lxml
RUN export FOO=$(cat /app/.env) && pip install lxml
RUN (export $(cat /app/.env)); pip install lxml
RUN if true; then export $(cat /app/.env); fi; uv pip install --system lxml
RUN export $(cat /app/.env) && npm ci
