# Each probe in a stage of its own.
FROM python:3.12-slim AS s0
RUN mkdir -p /w/r && printf -- '--no-binary :all:\nflask\n' > /w/r/a.txt && echo flask > /w/r/b.txt && find /w/r -name '*.txt' -exec pip install --only-binary :all: -r {} \; -quit
FROM python:3.12-slim AS s1
RUN mkdir -p /w/r && echo flask > /w/r/a.txt && find /w/r -name '*.txt' -exec pip install --only-binary :all: -r {} \; -quit
FROM python:3.12-slim AS s2
RUN mkdir -p /w/r && printf -- '--no-binary :all:\nflask\n' > /w/r/a.txt && find /w/r -name '*.txt' -quit -exec pip install --only-binary :all: -r {} \;
