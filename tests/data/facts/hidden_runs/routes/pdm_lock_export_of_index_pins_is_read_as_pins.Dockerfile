FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[project]
name = "app"
version = "0.1.0"
dependencies = ["six"]
[[tool.pdm.source]]
name = "corp"
url = "https://corp.example/simple"
EOF
COPY <<EOF /app/pdm.lock
[metadata]
groups = ["default"]
strategy = ["inherit_metadata"]
lock_version = "4.5.0"

[[package]]
name = "six"
version = "1.16.0"
groups = ["default"]
files = []
EOF
COPY <<EOF /g/pyproject.toml
[project]
name = "g"
version = "0.1.0"
EOF
COPY <<EOF /g/pdm.lock
[[package]]
name = "evil"
version = "1.0"
git = "https://example.com/evil.git"
revision = "abc"
EOF
RUN pdm export -o r.txt && pip install --only-binary :all: -r r.txt
RUN pdm export --self --no-hashes > r2.txt && pip install --only-binary :all: -r r2.txt
RUN pdm export | pip install --only-binary :all: -r -
RUN pdm export -p /g -o /tmp/g.txt && pip install --only-binary :all: -r /tmp/g.txt
RUN pdm export --pyproject -o r3.txt && pip install --only-binary :all: -r r3.txt
RUN pdm export -L other.lock -o r4.txt && pip install --only-binary :all: -r r4.txt
RUN pdm export -f pylock -o r5.txt && pip install --only-binary :all: -r r5.txt
RUN pdm export -p "$P" -o r6.txt && pip install --only-binary :all: -r r6.txt
RUN pdm export -o r.txt && pip install -r r.txt
RUN pdm lock
RUN pdm export -o r7.txt && pip install --only-binary :all: -r r7.txt
