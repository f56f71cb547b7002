FROM python:3.11
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dependencies = []
EOF
COPY <<EOF /app/uv.lock
version = 1
EOF
RUN uv export --frozen -o r.txt && pip install --only-binary :all: -r r.txt
RUN curl -o /usr/local/bin/uv https://example.com/uv && chmod +x /usr/local/bin/uv && uv export --frozen -o r2.txt && pip install --only-binary :all: -r r2.txt
