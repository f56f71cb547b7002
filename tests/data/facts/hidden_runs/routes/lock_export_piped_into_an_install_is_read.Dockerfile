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
RUN poetry export | pip install --only-binary :all: -r /dev/stdin
RUN poetry export --without-hashes | pip install --only-binary :all: --no-deps -r -
RUN uv export --frozen | uv pip install --system --only-binary :all: -r -
RUN poetry export | pip install -r /dev/stdin
RUN poetry export 2>&1 | pip install --only-binary :all: -r /dev/stdin
RUN poetry export | tee r.txt | pip install --only-binary :all: -r /dev/stdin
RUN poetry export | sed 's/^#//' | pip install --only-binary :all: -r /dev/stdin
RUN poetry export | pip install --only-binary :all: -r nobinary.txt -r /dev/stdin
RUN poetry export > /dev/null | pip install --only-binary :all: -r /dev/stdin
RUN poetry export; echo x | pip install --only-binary :all: -r /dev/stdin
RUN poetry export -f pylock.toml | pip install --only-binary :all: -r -
RUN poetry export -o r.txt | pip install --only-binary :all: -r -
RUN poetry export | pip install --only-binary :all: -r /dev/fd/63
