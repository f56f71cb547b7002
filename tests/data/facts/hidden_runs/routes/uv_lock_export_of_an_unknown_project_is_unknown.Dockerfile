FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["six==1.16.0"]

[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"
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
sdist = { url = "https://files.pythonhosted.org/packages/six-1.16.0.tar.gz", hash = "sha256:1e61", size = 34041 }
EOF
RUN uv export --frozen --format requirements-txt -o requirements.txt
RUN uv --directory "$D" export --frozen -o /tmp/a.txt && pip install --only-binary :all: -r /tmp/a.txt
RUN uv export --frozen --project "$P" -o /tmp/b.txt && pip install --only-binary :all: -r /tmp/b.txt
RUN UV_PROJECT=$P uv export --frozen -o /tmp/c.txt && pip install --only-binary :all: -r /tmp/c.txt
RUN uv export --frozen -o /tmp/d.txt && pip install --only-binary :all: -r /tmp/d.txt
RUN UV_FROZEN=$F uv export -o /tmp/e.txt && pip install --only-binary :all: -r /tmp/e.txt
