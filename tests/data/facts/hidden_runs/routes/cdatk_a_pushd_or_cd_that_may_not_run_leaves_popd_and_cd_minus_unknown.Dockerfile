# A `pushd` or `cd` an `&&` may skip (or one branch makes) leaves the directory stack and OLDPWD
# not known: bash measured, `[ -d /nope ] && pushd /app; cd /b; popd` stays in /b (the stack is
# empty), `cd /b; [ -d /nope ] && cd /app; cd -` goes back to the WORKDIR. Was: the stack and
# OLDPWD of the way that ran the `pushd`/`cd`, a silent pass.
FROM python:3.12-slim AS s0
COPY <<'EOF' /requirements.txt
flask
EOF
COPY <<'EOF' /b/requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
WORKDIR /
RUN cd /b; [ -d /app ] && cd /app; cd -; pip install -r requirements.txt
RUN cd /b; if [ -d /app ]; then cd /app; fi; cd -; pip install -r requirements.txt
RUN cd /b; pushd /app && popd && pip install -r requirements.txt
RUN cd /app; cd /b && cd - && pip install -r requirements.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /b/requirements.txt
flask
EOF
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
WORKDIR /
RUN [ -d /app ] && pushd /app; cd /b; popd; pip install -r requirements.txt
RUN case "$X" in a) pushd /app ;; esac; cd /b; popd; pip install -r requirements.txt
RUN [ -d /app ] && pushd /app || true; cd /b; popd; pip install -r requirements.txt
RUN pushd /app; cd /b; popd; pip install -r requirements.txt
