# A branch that may not run and writes a file twice leaves its last text or what the file held
# before: bash and dash with /c absent leave `--no-binary :all:` in /r.txt (11, 13, 15), with /c
# present flask. Was: flask alone, silent (the doubt that the branch ran went with the second
# write). A reader in the branch reads what it wrote last (17); a file nothing held before
# holds flask or is not there (19).
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
--no-binary :all:
EOF
FROM base AS s0
RUN if [ -f /c ]; then echo requests > /r.txt; echo flask > /r.txt; fi; pip install --only-binary :all: -r /r.txt
FROM base AS s1
RUN if [ -f /c ]; then [ -f /x ] && echo requests > /r.txt; echo flask > /r.txt; fi; pip install --only-binary :all: -r /r.txt
FROM base AS s2
RUN [ -f /c ] && { echo requests > /r.txt; echo flask > /r.txt; }; pip install --only-binary :all: -r /r.txt
FROM base AS s3
RUN if [ -f /c ]; then echo requests > /r.txt; echo flask > /r.txt; pip install --only-binary :all: -r /r.txt; fi
FROM base AS s4
RUN if [ -f /c ]; then echo requests > /s.txt; echo flask > /s.txt; fi; pip install --only-binary :all: -r /s.txt
