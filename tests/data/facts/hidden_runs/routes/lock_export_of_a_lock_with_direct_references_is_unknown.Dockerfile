FROM python:3.11
COPY <<EOF /git/pyproject.toml
[tool.poetry]
name = "app"
EOF
COPY <<EOF /git/poetry.lock
[[package]]
name = "evil"
version = "1.0"
optional = true
files = []
[package.source]
type = "git"
url = "https://example.com/evil.git"
reference = "main"
resolved_reference = "abc"
EOF
COPY <<EOF /url/pyproject.toml
[tool.poetry]
name = "app"
EOF
COPY <<EOF /url/poetry.lock
[[package]]
name = "evil"
version = "1.0"
files = []
[package.source]
type = "url"
url = "https://example.com/evil-1.0.tar.gz"
EOF
COPY <<EOF /whl/pyproject.toml
[tool.poetry]
name = "app"
EOF
COPY <<EOF /whl/poetry.lock
[[package]]
name = "good"
version = "1.0"
files = []
[package.source]
type = "file"
url = "wheels/good-1.0-py3-none-any.whl"
EOF
COPY <<EOF /bad/pyproject.toml
[tool.poetry]
name = "app"
EOF
COPY <<EOF /bad/poetry.lock
[[package]
name = "evil"
EOF
COPY <<EOF /uvsrc/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dependencies = ["six"]
[tool.uv.sources]
six = { git = "https://example.com/six" }
EOF
COPY <<EOF /uvsrc/uv.lock
version = 1
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
EOF
COPY <<EOF /uvdyn/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dynamic = ["dependencies"]
EOF
COPY <<EOF /uvdyn/uv.lock
version = 1
EOF
RUN cd /git && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /url && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /whl && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /bad && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /tmp && poetry export -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /uvsrc && uv export --frozen -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /uvsrc && UV_LOCKED=1 uv export -o r2.txt && pip install --only-binary :all: -r r2.txt
RUN cd /uvdyn && uv export --frozen -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd /uvsrc && uv export -o r3.txt
RUN cd /uvsrc && pip install --only-binary :all: -r r3.txt
RUN cd /uvdyn && uv export -o r3.txt
RUN cd /uvdyn && pip install --only-binary :all: -r r3.txt
