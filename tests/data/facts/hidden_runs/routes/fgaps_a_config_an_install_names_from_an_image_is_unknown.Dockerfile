FROM python:3.12
COPY --from=img /conf /etc/pipd
RUN PIP_CONFIG_FILE=/etc/pipd/pip.conf pip install --only-binary :all: flask
RUN --mount=type=bind,from=img,source=/conf,target=/etc/pipe PIP_CONFIG_FILE=/etc/pipe/pip.conf pip install --only-binary :all: flask
COPY --from=img /x/uv.toml /etc/uv/uv.toml
RUN uv pip install --system --only-binary :all: flask
COPY --from=img /conf /etc/c
RUN uv pip install --config-file /etc/c/uv.toml --system --only-binary :all: flask
RUN uv pip install --system --no-config --only-binary :all: flask
RUN PIP_CONFIG_FILE=/dev/null pip install --only-binary :all: flask
RUN PIP_CONFIG_FILE=/etc/pipd/other/../pip.conf pip install flask
