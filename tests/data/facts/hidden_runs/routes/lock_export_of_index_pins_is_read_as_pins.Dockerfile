FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
version = "0.1.0"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.11"
six = "1.16.0"
private = { version = "1.0", source = "corp" }

[[tool.poetry.source]]
name = "corp"
url = "https://pypi.corp.example/simple"
priority = "supplemental"
EOF
COPY <<EOF /app/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
description = ""
optional = false
python-versions = ">=2.7"
files = []

[[package]]
name = "private"
version = "1.0"
description = ""
optional = false
python-versions = "*"
files = []

[package.source]
type = "legacy"
url = "https://pypi.corp.example/simple"
reference = "corp"

[[package]]
name = "lib"
version = "0.1.0"
description = ""
optional = false
python-versions = "*"
files = []
develop = true

[package.source]
type = "directory"
url = "libs/lib"

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
content-hash = "x"
EOF
RUN poetry export -f requirements.txt -o requirements.txt
RUN pip install --only-binary :all: --no-deps -r requirements.txt
RUN poetry export --without-hashes --format=constraints.txt --output /tmp/c.txt && pip install --only-binary=:all: -c /tmp/c.txt -r requirements.txt
RUN poetry export --with-credentials --without-urls -E all > /tmp/r.txt && uv pip install --system --only-binary :all: -r /tmp/r.txt
RUN poetry -C /app export -o /tmp/r2.txt; PIP_ONLY_BINARY=:all: pip install -r /tmp/r2.txt
RUN if [ -n "$SLIM" ]; then poetry export -o r3.txt; else poetry export -E all -o r3.txt; fi
RUN pip install --only-binary :all: -r r3.txt
RUN pip install -r requirements.txt
RUN uv pip install --system -r requirements.txt
