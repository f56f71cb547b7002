FROM python:3.12
COPY <<EOF /app/package.json
{"scripts": {"postinstall": "pip install flask", "deps": "pip install flask"}}
EOF
WORKDIR /app
RUN bun install
RUN bun run deps
RUN bun install --ignore-scripts
RUN bun
