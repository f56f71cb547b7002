FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dependencies = ["six==1.16.0"]
EOF
COPY <<EOF /app/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "six" }]
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
EOF
COPY <<EOF /p/pyproject.toml
[tool.poetry]
name = "p"
version = "0.1.0"
description = ""
authors = []
EOF
COPY <<EOF /p/poetry.lock
[[package]]
name = "vendored"
version = "1.0"
description = ""
optional = false
python-versions = "*"
files = []
develop = true
[package.source]
type = "directory"
url = "../src/vendored"
[[package]]
name = "mine"
version = "1.0"
description = ""
optional = false
python-versions = "*"
files = []
[package.source]
type = "directory"
url = "libs/mine"
EOF
COPY <<EOF /p/libs/mine/pyproject.toml
[project]
name = "mine"
version = "1.0"
EOF
RUN git clone https://example.com/vendored.git /src/vendored
RUN uv export --frozen -o /tmp/r.txt && pip install --only-binary :all: -r /tmp/r.txt
RUN cd /src/vendored && pip install --only-binary :all: -r /tmp/r.txt
RUN uv export --frozen --project /app | (cd /src/vendored && pip install --only-binary :all: -r /dev/stdin)
RUN cd /p && poetry export -o /tmp/p.txt && pip install --only-binary :all: -r /tmp/p.txt
RUN rm -rf /src/vendored && mkdir -p /src/vendored && cd /p && poetry export -o /tmp/p2.txt && pip install --only-binary :all: -r /tmp/p2.txt
RUN git clone https://example.com/other.git /src/other && uv export --frozen --no-emit-project -o /tmp/n1.txt && uv export --frozen --no-emit-local -o /tmp/n2.txt
RUN cd /src/other && pip install --only-binary :all: -r /tmp/n1.txt -r /tmp/n2.txt
RUN cd /src/other && pip install --only-binary :all: -r /tmp/r.txt
