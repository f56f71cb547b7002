FROM python:3.12
ARG EXTRA
COPY <<EOF /etc/uv/uv.toml
$EXTRA
EOF
RUN uv pip install --system --no-build flask
FROM python:3.12
ARG EXTRA
COPY <<EOF /etc/uv/uv.toml
[pip]
no-binary = ["$EXTRA"]
EOF
RUN uv pip install --system --no-build flask
FROM python:3.12
ARG EXTRA
COPY <<EOF /etc/uv/uv.toml
index-url = "$EXTRA"
EOF
RUN uv pip install --system --no-build flask
