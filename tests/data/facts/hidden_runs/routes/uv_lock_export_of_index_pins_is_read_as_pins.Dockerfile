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
RUN pip install --only-binary :all: --no-deps -r requirements.txt
RUN uv export --locked --no-hashes --emit-index-url --emit-find-links > /tmp/r.txt && uv pip install --system --only-binary :all: -r /tmp/r.txt
RUN uv export --no-dev --format requirements.txt --output-file /tmp/r2.txt
RUN pip install --only-binary :all: -r /tmp/r2.txt
RUN UV_FROZEN=1 uv --directory /app export -o /tmp/r3.txt && pip install --only-binary :all: -r /tmp/r3.txt
RUN pip install -r requirements.txt
RUN uv export --frozen --no-hashes | uv pip install --system --only-binary :all: -r -
