FROM python:3.11
COPY <<EOF /ws/pyproject.toml
[project]
name = "root"
version = "0.1.0"
dependencies = []
[tool.uv.workspace]
members = ["packages/*"]
exclude = ["packages/own"]
EOF
COPY <<EOF /ws/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "six"
version = "1.16.0"
source = { git = "https://github.com/benjaminp/six?rev=main#65486e4383f9f411da95937451205d3c7b61b9e1" }
EOF
COPY <<EOF /ws/packages/a/pyproject.toml
[project]
name = "a"
version = "0.1.0"
dependencies = ["six"]
EOF
COPY <<EOF /ws/packages/a/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "a"
version = "0.1.0"
source = { virtual = "." }
EOF
COPY <<EOF /ws/packages/own/pyproject.toml
[project]
name = "own"
version = "0.1.0"
dependencies = []
EOF
COPY <<EOF /ws/packages/own/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "own"
version = "0.1.0"
source = { virtual = "." }
EOF
COPY <<EOF /ws/tools/t/pyproject.toml
[project]
name = "t"
version = "0.1.0"
dependencies = []
EOF
COPY <<EOF /ws/tools/t/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "t"
version = "0.1.0"
source = { virtual = "." }
EOF
COPY <<EOF /ws2/pyproject.toml
[tool.uv.workspace]
members = ["packages/*"]
EOF
COPY <<EOF /ws2/uv.lock
version = 1
revision = 3
requires-python = ">=3.9"
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
EOF
COPY <<EOF /ws2/packages/b/pyproject.toml
[project]
name = "b"
version = "0.1.0"
dependencies = ["six"]
EOF
WORKDIR /ws/packages/a
RUN uv export --frozen -o /tmp/r1.txt && pip install --only-binary :all: -r /tmp/r1.txt
RUN cd / && uv export --frozen --project /ws/packages/a > /tmp/r2.txt && pip install --only-binary :all: -r /tmp/r2.txt
RUN UV_PROJECT=/ws/packages/a uv --directory / export --frozen | pip install --only-binary :all: -r /dev/stdin
RUN cd /ws/packages/own && uv export --frozen -o /tmp/r3.txt && pip install --only-binary :all: -r /tmp/r3.txt
RUN cd /ws/tools/t && uv export --frozen -o /tmp/r4.txt && pip install --only-binary :all: -r /tmp/r4.txt
RUN cd /ws2/packages/b && uv export --frozen -o /tmp/r5.txt && pip install --only-binary :all: -r /tmp/r5.txt
RUN cd /ws2/packages/b && uv lock
RUN cd /ws2 && uv export --frozen -o /tmp/r6.txt && pip install --only-binary :all: -r /tmp/r6.txt
