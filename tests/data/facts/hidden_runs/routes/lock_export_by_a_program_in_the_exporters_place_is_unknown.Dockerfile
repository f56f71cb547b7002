FROM python:3.11 AS s0
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
RUN printf '#!/bin/sh\necho "--no-binary :all:"\n' > /usr/local/bin/poetry && chmod +x /usr/local/bin/poetry && poetry export -o r2.txt && pip install --only-binary :all: -r r2.txt
FROM python:3.11 AS s1
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
RUN alias poetry='echo --no-binary :all:'; poetry export > r3.txt && pip install --only-binary :all: -r r3.txt
FROM python:3.11 AS s2
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
RUN ln -sf /bin/echo /usr/local/bin/poetry && poetry export --with x > r4.txt && pip install --only-binary :all: -r r4.txt
FROM python:3.11 AS s3
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
RUN ln -s /root/.local/bin/poetry /usr/local/bin/poetry && poetry export -o r6.txt && pip install --only-binary :all: -r r6.txt
FROM python:3.11 AS s4
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
RUN printf '#!/bin/sh\necho "--no-binary :all:"\n' > /app/poetry && chmod +x /app/poetry && ./poetry export -o r7.txt && pip install --only-binary :all: -r r7.txt
FROM python:3.11 AS s5
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
RUN printf '#!/bin/sh\necho "--no-binary :all:"\n' > /app/poetry && chmod +x /app/poetry && PATH=/app:$PATH poetry export -o r8.txt && pip install --only-binary :all: -r r8.txt
