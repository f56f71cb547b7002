FROM python:3.11 AS build
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dependencies = ["six==1.16.0"]
[project.optional-dependencies]
vcs = ["evil @ git+https://example.com/evil"]
EOF
COPY <<EOF /app/uv.lock
version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
EOF
COPY <<EOF /app/s/pyproject.toml
[project]
name = "s"
version = "0.1.0"
dependencies = []
EOF
COPY <<EOF /app/s/uv.lock
version = 1
[[package]]
name = "evil"
version = "1.0"
source = { git = "https://example.com/evil?rev=main#abc" }
[[package]]
name = "arch"
version = "1.0"
source = { path = "dist/arch-1.0.tar.gz" }
EOF
RUN uv export --frozen --format pylock.toml -o r.txt && pip install --only-binary :all: -r r.txt
RUN uv export --frozen -o pylock.toml && pip install --only-binary :all: -r pylock.toml
RUN uv export --frozen --script tool.py -o r.txt && pip install --only-binary :all: -r r.txt
RUN uv export --frozen --project s -o r.txt && pip install --only-binary :all: -r r.txt
RUN cd s && uv export --frozen > r.txt && uv pip install --system --only-binary :all: -r r.txt
RUN uv export --frozen --format "$F" -o r.txt && pip install --only-binary :all: -r r.txt
RUN UV_FROZEN=1 uv export --no-emit-project -o /tmp/ok.txt && pip install --only-binary :all: -r /tmp/ok.txt
RUN uv export --frozen -o /tmp/ok2.txt
RUN uv export --format requirements-txt -o r.txt
RUN pip install --only-binary :all: -r r.txt
FROM python:3.11
COPY --from=build /tmp/ok.txt /tmp/ok2.txt /tmp/
RUN pip install --only-binary :all: -r /tmp/ok.txt -r /tmp/ok2.txt
COPY --from=build /app/r.txt /tmp/r.txt
RUN pip install --only-binary :all: -r /tmp/r.txt
