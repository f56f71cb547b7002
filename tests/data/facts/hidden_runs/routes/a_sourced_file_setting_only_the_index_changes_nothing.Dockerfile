FROM python:3.12-slim
COPY <<EOF /app/build.env
PIP_INDEX_URL=https://pypi.example.com/simple
PIP_TRUSTED_HOST=pypi.example.com
UV_INDEX_PRIVATE_PASSWORD=secret
EOF
COPY <<EOF /app/more.env
export PIP_INDEX_URL=https://pypi.example.com/simple PIP_NO_BINARY=:all:
EOF
COPY <<EOF /app/unset.env
unset PIP_INDEX_URL PIP_CONFIG_FILE
EOF
RUN set -a && . /app/build.env && set +a && pip install --only-binary :all: flask
RUN set -a && . /app/more.env && set +a && pip install --only-binary :all: flask
RUN . /app/unset.env && pip install --only-binary :all: flask
RUN echo 'PIP_INDEX_URL=https://pypi.example.com/simple' > /tmp/i.env && . /tmp/i.env && pip install --only-binary :all: flask
RUN echo 'PIP_NO_BINARY=:all:' > /tmp/n.env && . /tmp/n.env && pip install --only-binary :all: flask
