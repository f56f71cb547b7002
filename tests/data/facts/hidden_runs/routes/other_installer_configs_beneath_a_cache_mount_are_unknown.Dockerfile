# Each probe in a stage of its own.
FROM python:3.12-slim AS s0
RUN --mount=type=cache,target=/root/.config/uv uv pip install --system --no-build flask
FROM python:3.12-slim AS s1
RUN --mount=type=cache,target=/etc/uv uv pip install --system --no-build flask
FROM python:3.12-slim AS s2
RUN --mount=type=cache,target=/root/.config/pypoetry POETRY_INSTALLER_ONLY_BINARY=:all: poetry install
FROM python:3.12-slim AS s3
RUN --mount=type=cache,target=/root/.config/uv uv sync --no-build
FROM python:3.12-slim AS s4
RUN --mount=type=cache,target=/root/.config uv pip install --system --no-build flask
FROM python:3.12-slim AS s5
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system --no-build flask
FROM python:3.12-slim AS s6
RUN --mount=type=cache,target=/root/.cache/pypoetry POETRY_INSTALLER_ONLY_BINARY=:all: poetry install
FROM python:3.12-slim AS s7
RUN --mount=type=cache,target=/root/.config/uv UV_NO_CONFIG=1 uv pip install --system --no-build flask
FROM python:3.12-slim AS s8
RUN --mount=type=cache,target=/root/.config/uv uv pip install --system --no-build --no-config flask
FROM python:3.12-slim AS s9
RUN --mount=type=cache,target=/root/.config/uv pipx install --pip-args=--only-binary=:all: flask
FROM python:3.12-slim AS s10
RUN mkdir -p /root/.config/uv && printf '[pip]\nno-binary = [":all:"]\n' > /root/.config/uv/uv.toml && pipx install --pip-args=--only-binary=:all: flask
FROM python:3.12-slim AS s11
RUN --mount=type=cache,target=/root/.config/uv pipx install --backend pip --pip-args=--only-binary=:all: flask
