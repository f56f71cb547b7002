# A relative `cd` after one an `&&` may skip moves each way from its own folder (bash, dash
# measured: `[ -d /app ] && cd /app; cd ..; pwd` prints / either way): was a folder not known.
FROM python:3.12-slim AS s0
COPY <<'EOF' /app/requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /b/requirements.txt
--only-binary :all:
flask
EOF
COPY <<'EOF' /app/sub/requirements.txt
flask
EOF
COPY <<'EOF' /sub/requirements.txt
--only-binary :all:
flask
EOF
WORKDIR /
RUN [ -d /app ] && cd /app; cd ..; pip install -r requirements.txt
RUN [ -d /app ] && cd /app; cd ../b; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; cd ../app && pip install -r requirements.txt
RUN if [ -d /b ]; then cd /b; fi; cd ../app; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; cd ../app/sub; cd ..; pip install -r requirements.txt
RUN [ -d /b ] && pushd /b; pushd ..; pip install -r requirements.txt
RUN [ -d /app ] && cd /app; cd sub; pip install -r requirements.txt
RUN [ -d /app ] && cd /app; cd sub/..; cd sub; pip install -r requirements.txt
RUN [ -d /b ] && cd /b; cd ../app; cd sub; pip install -r requirements.txt
RUN [ -d /sub ] && cd /sub; cd ../app/sub; pip install -r ../requirements.txt
