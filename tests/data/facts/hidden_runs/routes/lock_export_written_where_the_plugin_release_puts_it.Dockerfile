FROM python:3.11
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
EOF
COPY <<EOF /app/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
files = []
EOF
COPY <<EOF /app/sub/r.txt
--no-binary :all:
six
EOF
WORKDIR /app/sub
RUN poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN poetry export -o /tmp/abs.txt && pip install --only-binary :all: -r /tmp/abs.txt
RUN poetry export -o new.txt && pip install --only-binary :all: -r new.txt -r /app/new.txt
RUN poetry -P /app export -o n2.txt && pip install --only-binary :all: -r n2.txt
RUN poetry -C /app export -o n3.txt && pip install --only-binary :all: -r /app/n3.txt
