FROM python:3.11
WORKDIR /app
COPY <<EOF /app/pyproject.toml
[tool.poetry]
name = "app"
version = "0.1.0"
description = ""
authors = []
EOF
COPY <<EOF /app/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
description = ""
optional = false
python-versions = "*"
files = []
EOF
COPY <<EOF /srv/pyproject.toml
[tool.poetry]
name = "srv"
version = "0.1.0"
description = ""
authors = []
EOF
COPY <<EOF /srv/poetry.lock
[[package]]
name = "six"
version = "1.16.0"
description = ""
optional = false
python-versions = "*"
files = []
EOF
ADD https://example.com/assets.tar.gz /tmp/assets.tar.gz
RUN tar xzf /tmp/assets.tar.gz -C /opt && poetry export -o /tmp/r1.txt && pip install --only-binary :all: -r /tmp/r1.txt
RUN curl -L https://example.com/app.tar.gz | tar xz -C /app && poetry export -o /tmp/r2.txt && pip install --only-binary :all: -r /tmp/r2.txt
ADD https://github.com/example/srv.git /srv
RUN cd /srv && poetry export -o /tmp/r3.txt && pip install --only-binary :all: -r /tmp/r3.txt
