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
COPY <<EOF /app/uv.lock
version = 1
EOF
WORKDIR /app
RUN poetry export --output=a.txt && pip install --only-binary :all: -r a.txt
RUN poetry export -ob.txt && pip install --only-binary :all: -r b.txt
RUN uv export --frozen --output-file=c.txt && pip install --only-binary :all: -r c.txt
RUN uv export --frozen -od.txt && pip install --only-binary :all: -r d.txt
RUN python -m poetry export -o e.txt && pip install --only-binary :all: -r e.txt
RUN python -m uv export --frozen -o f.txt && pip install --only-binary :all: -r f.txt
RUN poetry export -o sub/r.txt -o g.txt && pip install --only-binary :all: -r sub/r.txt
