FROM python:3.12-slim
COPY <<EOF /app/.env
PIP_ONLY_BINARY=:all:
EOF
COPY <<EOF /app/nb.env
export PIP_NO_BINARY=:all:
EOF
WORKDIR /app
RUN set -a && . ./.env && set +a && pip install flask
RUN . ./.env && pip install flask
RUN . /app/nb.env && pip install --only-binary :all: flask
RUN . /app/nb.env; pip install flask
RUN (set -a; . ./.env); pip install flask
RUN set -a; if [ -f .env ]; then . ./.env; fi; pip install flask
RUN echo 'PIP_ONLY_BINARY=' > .env && set -a && . ./.env && pip install flask
COPY <<'EOF' /lib.sh
set -- pip install flask
EOF
RUN . /lib.sh && "$@"
