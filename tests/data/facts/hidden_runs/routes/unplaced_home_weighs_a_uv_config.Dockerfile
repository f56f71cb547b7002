FROM python:3.12
RUN mkdir -p /srv/app/.config/uv && printf '[pip]\nonly-binary = [":all:"]\n' > /srv/app/.config/uv/uv.toml
USER nobody
RUN uv pip install --system flask
RUN uv pip install --system --only-binary :all: flask
USER root
RUN uv pip install --system flask
RUN useradd -m -d /srv/app app
USER app
RUN uv pip install --system flask
