FROM python:3.12-slim
RUN mkdir /app && curl -fsSL https://github.com/example/ui/releases/download/v1.0.0/ui-dist.tar.gz | tar -xz --strip-components=1 -C /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
EOF
RUN pip install --only-binary :all: /app
RUN curl -fsSL https://example.com/pkg-1.0.tar.gz | tar -xz --strip-components=1 -C /p
COPY <<EOF /p/fix.patch
x
EOF
RUN pip install --only-binary :all: /p
