FROM python:3.12-slim
ENV POETRY_INSTALLER_ONLY_BINARY=:all:
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "1.0"
dependencies = ["flask"]
EOF
RUN poetry install --no-root
COPY <<EOF /app/poetry.lock
# a lock with nothing to build
EOF
RUN poetry install --no-root
