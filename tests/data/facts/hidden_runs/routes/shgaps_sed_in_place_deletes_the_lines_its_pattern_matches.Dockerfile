# sed -i '/RE/d' F rewrites F without the lines RE matches (GNU sed 4.9 and busybox 1.35 measured
# alike; -i.bak and -iE keep the old text as F.bak and FE). Each probe in a stage of its own.
FROM python:3.12-slim AS s0
COPY <<'EOF' /r.txt
# deps
--no-binary :all:
flask
EOF
RUN sed -i '/no-binary/d' /r.txt && pip install --only-binary :all: -r /r.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /r.txt
# deps
--no-binary :all:
flask
EOF
RUN sed -i '/^#/d' /r.txt && pip install --only-binary :all: -r /r.txt
RUN sed -i.bak -e '/^--/d' /r.txt && pip install --only-binary :all: -r /r.txt
RUN pip install --only-binary :all: -r /r.txt.bak
FROM python:3.12-slim AS s2
COPY <<'EOF' /r.txt
--only-binary :all:
flask
EOF
RUN sed -i -E '/^-/d' /r.txt && pip install -r /r.txt
FROM python:3.12-slim AS s3
COPY <<'EOF' /r.txt
--only-binary :all:
flask
EOF
RUN sed -Ei '/^(#|$)/d' /r.txt && pip install -r /r.txt
RUN sed -i '/\<flask\>/d' /r.txt && pip install -r /r.txt
FROM python:3.12-slim AS s4
COPY <<'EOF' /r.txt
--no-binary :all:
flask
EOF
RUN sed -i '/\<x\>/d' /r.txt && pip install --only-binary :all: -r /r.txt
RUN sed -i 's/no-binary/only-binary/' /r.txt && pip install --only-binary :all: -r /r.txt
FROM python:3.12-slim AS s5
COPY <<'EOF' /r.txt
--no-binary :all:
flask
EOF
RUN sed -iE '/no-/d' /r.txt && pip install --only-binary :all: -r /r.txt && pip install --only-binary :all: -r /r.txtE
