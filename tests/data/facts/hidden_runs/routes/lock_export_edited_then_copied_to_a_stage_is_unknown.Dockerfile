FROM python:3.11 AS a
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
RUN poetry export -o r.txt && sed -i '1i --no-binary :all:' r.txt
RUN if [ -n "$X" ]; then curl -o d.txt https://x/y; fi; poetry export -o d.txt
RUN curl -o e.txt https://x/y; if [ -n "$X" ]; then poetry export -o e.txt; fi
FROM python:3.11
COPY --from=a /app/r.txt /app/d.txt /app/e.txt /tmp/
RUN pip install --only-binary :all: -r /tmp/r.txt
RUN pip install --only-binary :all: -r /tmp/d.txt
RUN pip install --only-binary :all: -r /tmp/e.txt
COPY --from=a /app /app2
RUN pip install --only-binary :all: -r /app2/r.txt
