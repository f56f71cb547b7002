FROM python:3.12
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
version = "0.1.0"
[tool.poetry.dependencies]
python = "^3.11"
EOF
COPY <<EOF /app/poetry.lock
# lock
EOF
RUN ln -s /tmp/x r.txt && poetry export -o r.txt && echo "git+https://g/x" >> /tmp/x && pip install --only-binary :all: -r r.txt
RUN poetry export -o r2.txt && pip install --only-binary :all: -r r2.txt
RUN poetry export -o /tmp/y && ln /tmp/y r3.txt && echo "git+https://g/x" >> r3.txt && pip install --only-binary :all: -r /tmp/y
