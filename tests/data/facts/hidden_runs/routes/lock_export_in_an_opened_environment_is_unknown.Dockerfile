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
RUN export $(cat /app/.env) && poetry export -o r.txt
RUN pip install --only-binary :all: -r r.txt
