# Each probe in a stage of its own. The body runs once per line, with what `read` gives.
FROM python:3.12-slim AS s0
COPY <<'EOF' /names.txt
# pinned names, a comment and a blank line (pip refuses "# …" and "": it installs nothing)

flask==3.0
  requests
EOF
RUN while read p; do pip install --only-binary :all: "$p"; done < /names.txt
RUN while read -r p; do pip install "$p"; done < /names.txt
RUN while IFS= read -r p; do pip install --only-binary :all: $p; done < /names.txt
RUN cat /names.txt | while read -r p; do pip install --only-binary=:all: "$p"; done
RUN while read -r name rest; do pip install --only-binary :all: "$name"; done < /names.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /opts.txt
flask
--no-binary :all: requests
EOF
RUN while read -r p; do pip install --only-binary :all: $p; done < /opts.txt
RUN while read -r p; do pip install --only-binary :all: "$p"; done < /opts.txt
RUN while read -r p rest; do pip install --only-binary :all: $p; done < /opts.txt
RUN while read -r p rest; do pip install --only-binary :all: $rest; done < /opts.txt
FROM python:3.12-slim AS s2
COPY <<'EOF' /joined.txt
flask \
--no-binary :all:
EOF
RUN while read p; do pip install --only-binary :all: $p; done < /joined.txt
RUN while read -r p; do pip install --only-binary :all: $p; done < /joined.txt
RUN while read p; do pip install --only-binary :all: "$p"; done <<'EOT'
flask
EOT
RUN printf 'flask\n--no-binary=:all: x\n' | while read p; do pip install --only-binary :all: $p; done
FROM python:3.12-slim AS s3
COPY read-loop-last-line.txt /last.txt
RUN while read -r p; do pip install --only-binary :all: $p; done < /last.txt
RUN while read -r p; do :; done < /last.txt; pip install --only-binary :all: $p flask
FROM python:3.12-slim AS s4
RUN curl -o /got.txt https://example.com/r.txt
RUN while read -r p; do pip install --only-binary :all: "$p"; done < /got.txt
RUN while read -r p; do pip install --only-binary :all: "$p"; done < /nowhere.txt
RUN echo flask > /w.txt; while read -r p; do pip install --only-binary :all: "$p"; done < /w.txt
FROM python:3.12-slim AS s5
COPY read-loop-many.txt /many.txt
RUN while read -r p; do pip install --only-binary :all: "$p"; done < /many.txt
RUN while read -r p; do pip install "$p"; done < /many.txt
FROM python:3.12-slim AS s6
COPY <<'EOF' /app/r.txt
flask
EOF
COPY <<'EOF' /src/r.txt
--no-binary :all: flask
EOF
RUN cp -r /src/. /app; while read -r p; do pip install --only-binary :all: $p; done < /app/r.txt
RUN while read -r p; do pip install --only-binary :all: $p; done < /app/r.txt
