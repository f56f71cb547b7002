FROM python:3.12-slim
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN --mount=type=secret,id=pipconfig PIP_CONFIG_FILE=/run/secrets/pipconfig pip install requests
RUN --mount=type=secret,id=reqs pip install --only-binary :all: -r /run/secrets/reqs
RUN --mount=type=secret,id=cons,target=/tmp/cons pip install --only-binary :all: -c /tmp/cons requests
RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) pip install --only-binary :all: requests
RUN --mount=type=secret,id=pipconfig PIP_CONFIG_FILE=/run/secrets/pipconfig pip install --isolated requests
RUN --mount=type=secret,id=pipconfig pip install requests
RUN PIP_CONFIG_FILE=/run/secrets/pipconfig pip install requests
