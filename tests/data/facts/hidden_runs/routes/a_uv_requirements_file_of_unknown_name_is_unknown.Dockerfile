# uv unions a requirements file's `--no-binary X` lines with the command line's `--no-build`
# (research: "a requirements-file line `--no-binary sdonly` with CLI `--no-build`" built it), so
# a file whose name gate cannot work out may re-enable sources: s0 wrote one, `$(pwd)` (here
# /app) names it. Unknown under `--no-build`/`--only-binary :all:` (8, 10, 12, 14, 16); the same
# file by a name gate works out is denied (6); a default install builds anyway (18, 20).
FROM python:3.12-slim AS s0
WORKDIR /app
RUN printf -- '--no-binary flask\nflask\n' > r.txt && uv pip install --system --no-build -r /app/r.txt
FROM s0 AS s1
RUN uv pip install --system --no-build -r "$(pwd)/r.txt"
FROM s0 AS s2
RUN uv pip install --system --only-binary :all: -c "$(cat /etc/which)" flask
FROM s0 AS s3
RUN uv pip sync --no-build -r "$(ls *.txt | head -1)"
FROM s0 AS s4
RUN uv add --no-build -r "$(pwd)/r.txt"
FROM s0 AS s5
RUN uv tool install --no-build --with-requirements "$(pwd)/r.txt" black
FROM s0 AS s6
RUN uv pip install --system -r "$(pwd)/r.txt"
FROM s0 AS s7
RUN uv add -r "$(pwd)/r.txt"
