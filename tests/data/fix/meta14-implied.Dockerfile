FROM python:3.12
ARG POETRY=poetry@1.8.5
RUN uvx --from hanzo-mcp hanzo-mcp --version
RUN uvx "$POETRY" run pytest tests
RUN curl -sSLO https://bootstrap.pypa.io/get-pip.py && python get-pip.py \
		--disable-pip-version-check \
		"pip==24.0"
RUN ["uvx", "ruff", "check"]
RUN ["python3", "get-pip.py", "pip==24.0"]
RUN micromamba run -n app poetry install --no-root
