FROM python:3.12
RUN uv run --no-build pip install flask
RUN poetry run pip install --only-binary :all: rich
