FROM python:3.12-slim
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN --mount=type=cache,target=/root/.config/pip pip install requests
RUN --mount=type=cache,target=/etc pip install requests
RUN --mount=type=cache,target=/root/.cache/pip pip install requests
RUN --mount=type=cache,target=/root/.config/pip pip install --only-binary :all: requests
RUN --mount=type=cache,target=/root/.config/pip pip install --isolated requests
RUN --mount=type=cache,target=/root/.config/pip PIP_CONFIG_FILE=/dev/null pip install requests
RUN --mount=type=cache,target=/root pip install requests
RUN --mount=type=bind,target=/root/.pip pip install requests
RUN --mount=type=cache,target=/root/.config/pip uv pip install requests
RUN --mount=type=cache,target=/root/.config/pip pip install --no-binary :all: requests
RUN --mount=type=cache,target=/etc/xdg pip install --isolated requests
RUN --mount=type=cache,target=/etc/xdg PIP_CONFIG_FILE=/dev/null pip install --only-binary :all: requests
