FROM python:3.12 AS uv-disagree
ARG X
RUN mkdir -p /etc/uv && if [ -n "$X" ]; then printf 'no-build = false\n' > /etc/uv/uv.toml; else printf 'no-build = true\n' > /etc/uv/uv.toml; fi
RUN uv pip install --system flask
RUN UV_NO_BUILD=1 uv sync
FROM python:3.12 AS uv-agree
RUN mkdir -p /etc/uv && if [ -n "$X" ]; then printf 'no-build = true\nindex-url = "https://a/simple"\n' > /etc/uv/uv.toml; else printf 'no-build = true\n' > /etc/uv/uv.toml; fi
RUN uv pip install --system flask
FROM python:3.12 AS uv-edited
RUN mkdir -p /etc/uv && printf 'no-build = true\n' > /etc/uv/uv.toml && sed -i 's/tru./false/' /etc/uv/uv.toml && uv pip install --system flask
FROM python:3.12 AS uv-pyproject
WORKDIR /app
RUN if [ -n "$X" ]; then printf '[project]\nname = "a"\n[tool.uv]\nno-build = false\n' > pyproject.toml; else printf '[project]\nname = "a"\n[tool.uv]\nno-build = true\n' > pyproject.toml; fi
RUN uv sync
FROM python:3.12 AS poetry-disagree
RUN if [ -n "$X" ]; then poetry config installer.only-binary :none:; else poetry config installer.only-binary :all:; fi
RUN poetry install
FROM python:3.12 AS poetry-agree
RUN mkdir -p /root/.config/pypoetry && if [ -n "$X" ]; then printf '[installer]\nonly-binary = [":all:"]\nmax-workers = 2\n' > /root/.config/pypoetry/config.toml; else printf '[installer]\nonly-binary = [":all:"]\n' > /root/.config/pypoetry/config.toml; fi
RUN poetry install
FROM python:3.12 AS poetry-edited
RUN mkdir -p /root/.config/pypoetry && printf '[installer]\nonly-binary = [":all:"]\n' > /root/.config/pypoetry/config.toml && crudini --set /root/.config/pypoetry/config.toml installer only-binary '":none:"' && poetry install
