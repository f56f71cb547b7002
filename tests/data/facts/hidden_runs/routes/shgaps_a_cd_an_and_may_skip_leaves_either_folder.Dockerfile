# A `cd` an `&&` may skip leaves the shell in either folder: each is judged (bash and dash
# measured: `false && cd /app; pwd` prints /, `[ -d /nope ] && cd /nope; pwd` too).
FROM python:3.12-slim AS s0
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /requirements.txt
flask
EOF
WORKDIR /
RUN false && cd /app; pip install -r requirements.txt
RUN [ -d /app ] && cd /app; pip install -r requirements.txt
RUN test -d /app && cd /app || true; pip install -r requirements.txt
RUN cd /app || exit 1; pip install -r requirements.txt
RUN cd /app && pip install -r requirements.txt
RUN true && cd /app; pip install -r requirements.txt
RUN false && cd /nope || cd /app; pip install -r requirements.txt
RUN cd /app; false && cd /; pip install -r requirements.txt
RUN cd /app; true || cd /; pip install -r requirements.txt
RUN cd /app; false || cd /; pip install -r requirements.txt
RUN mkdir -p /app && cd /app && tar xf /dev/null > /tmp/log && pip install -r requirements.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /requirements.txt
--only-binary :all:
requests
EOF
COPY <<'EOF' /b/requirements.txt
flask
EOF
WORKDIR /
RUN [ -d /app ] && cd /app; pip install -r requirements.txt
RUN if [ -d /app ]; then cd /app; fi; pip install -r requirements.txt
RUN case "$X" in a) cd /app;; esac; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; pip install -r requirements.txt
RUN if [ -d /b ]; then cd /b; fi; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; cd /app; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; pip install --only-binary :all: -r requirements.txt
RUN [ -d /b ] && cd /b; sh -c 'pip install -r requirements.txt'
RUN [ -d /b ] && cd /b; pip install -r "$(pwd)/requirements.txt"
FROM python:3.12-slim AS s2
COPY <<'EOF' /requirements.txt
flask
EOF
WORKDIR /
RUN mkdir /c && curl -o /c/requirements.txt https://example.com/r.txt
RUN [ -d /c ] && cd /c; pip install --only-binary :all: -r requirements.txt
RUN cd /c || exit 1; pip install --only-binary :all: -r requirements.txt
RUN false && cd /c; pip install --only-binary :all: -r requirements.txt
FROM python:3.12-slim AS s3
COPY <<'EOF' /r.txt
--no-binary :all:
EOF
COPY <<'EOF' /app/r.txt
--no-binary :all:
EOF
WORKDIR /
RUN [ -d /app ] && cd /app; echo flask > r.txt; pip install --only-binary :all: -r /r.txt
RUN [ -d /app ] && cd /app; echo flask > r.txt; pip install --only-binary :all: -r /app/r.txt
RUN [ -d /app ] && cd /app; echo flask > /tmp/n.txt; pip install --only-binary :all: -r /tmp/n.txt
FROM python:3.12-slim AS s4
COPY <<'EOF' /app/r.txt
--no-binary :all:
EOF
COPY <<'EOF' /r.txt
flask
EOF
WORKDIR /
RUN [ -d /app ] && cd /app; cd /b; cd -; pip install --only-binary :all: -r r.txt
RUN cd /app; cd /; cd -; pip install --only-binary :all: -r r.txt
RUN cd /; cd -; pip install --only-binary :all: -r r.txt
RUN [ -d /d1 ] && cd /d1; [ -d /d2 ] && cd /d2; [ -d /d3 ] && cd /d3; [ -d /d4 ] && cd /d4; [ -d /d5 ] && cd /d5; [ -d /d6 ] && cd /d6; [ -d /d7 ] && cd /d7; [ -d /d8 ] && cd /d8; [ -d /d9 ] && cd /d9; [ -d /d10 ] && cd /d10; [ -d /d11 ] && cd /d11; [ -d /d12 ] && cd /d12; [ -d /d13 ] && cd /d13; [ -d /d14 ] && cd /d14; [ -d /d15 ] && cd /d15; [ -d /d16 ] && cd /d16; [ -d /d17 ] && cd /d17; [ -d /d18 ] && cd /d18; [ -d /d19 ] && cd /d19; [ -d /d20 ] && cd /d20; pip install --only-binary :all: flask && pip install -r r.txt
