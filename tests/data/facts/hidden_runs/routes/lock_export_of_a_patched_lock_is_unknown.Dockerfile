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
RUN poetry export -o r.txt && touch r.txt && pip install --only-binary :all: -r r.txt
RUN git apply /tmp/lock.patch && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN patch -p1 < /tmp/lock.patch && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN python3 -c "open('poetry.lock','a').write('x')" && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN git apply /tmp/req.patch && pip install --only-binary :all: -r nobinary.txt
