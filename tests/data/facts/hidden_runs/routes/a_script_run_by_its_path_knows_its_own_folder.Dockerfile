FROM python:3.12-slim
WORKDIR /app
COPY <<EOF /app/requirements.txt
flask
EOF
COPY <<EOF /app/scripts/requirements.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /app/scripts/install.sh
cd "$(dirname "$0")/.."
pip install --only-binary :all: -r requirements.txt
EOF
COPY <<'EOF' /app/scripts/here.sh
cd "$(dirname -- $0)" && pip install --only-binary :all: -r requirements.txt
EOF
RUN sh scripts/install.sh
RUN chmod +x scripts/*.sh && ./scripts/here.sh
RUN cd /tmp && bash /app/scripts/install.sh
RUN cp scripts/install.sh /usr/local/bin/install-app && install-app
RUN cat scripts/install.sh | sh
RUN . scripts/install.sh
