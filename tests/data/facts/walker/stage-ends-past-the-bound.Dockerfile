# Each stage's end is kept for the stages built on it: past the build's bound a stage built on
# another reads its files as of unknown content (line 11), never as not there.
FROM python:3.12 AS a
COPY <<EOF /r.txt
--only-binary :all:
flask
EOF
RUN pip install --only-binary :all: -r /r.txt
FROM a AS b
FROM b AS c
RUN pip install --only-binary :all: -r /r.txt
