# A requirements or constraints file whose name gate cannot work out may be any file the build
# holds: s0 wrote one with --no-binary, and `$(pwd)` (here /app) names it (bash: pip builds).
# Unknown under a binary-only install (7, 9, 11, 13); a default install builds anyway (15);
# a name gate works out stays exact (17: the file is compliant, silent).
FROM python:3.12-slim AS s0
WORKDIR /app
RUN printf -- '--no-binary :all:\nflask\n' > r.txt && pip install --only-binary :all: -r "$(pwd)/r.txt"
FROM s0 AS s1
RUN pip install --only-binary :all: -r "$REQUIREMENTS"
FROM s0 AS s2
RUN pip install --only-binary :all: -c "$(cat /etc/which)" flask
FROM s0 AS s3
RUN export PIP_ONLY_BINARY=:all:; pip install -r "$(ls *.txt | head -1)"
FROM s0 AS s4
RUN pip install -r "$(pwd)/r.txt"
FROM python:3.12-slim AS s5
RUN printf 'flask\n' > /r.txt && D=/ && pip install --only-binary :all: -r "${D}r.txt"
