FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
version = "0.1.0"
[tool.poetry.dependencies]
python = "^3.11"
six = "1.16.0"
EOF
COPY <<EOF /app/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
optional = false
files = []
EOF
COPY <<EOF /app/nobinary.txt
--no-binary :all:
six==1.16.0
EOF
COPY <<EOF /app/uv.lock
version = 1
EOF
COPY <<EOF /app/pdm.lock
[metadata]
EOF
RUN poetry export $FLAGS -o r.txt && pip install --only-binary :all: -r r.txt
RUN uv export --frozen $FLAGS -o r2.txt && pip install --only-binary :all: -r r2.txt
RUN pdm export $FLAGS -o r3.txt && pip install --only-binary :all: -r r3.txt
RUN poetry export "${OPTS[@]}" > r4.txt && pip install --only-binary :all: -r r4.txt
