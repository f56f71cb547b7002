FROM python:3.12
COPY <<EOF /bin/setup-deps
#!/bin/sh
pip install flask
EOF
COPY <<EOF /app/build.sh
pip install flask
EOF
COPY <<EOF /opt/run.sh
pip install flask
EOF
COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
COPY --from=example.org/tools:1 /src/ /app/
COPY --from=ghcr.io/astral-sh/uv:latest /uv /opt/uv
RUN setup-deps
RUN sh /bin/setup-deps
RUN bash /app/build.sh
RUN sh /opt/run.sh
