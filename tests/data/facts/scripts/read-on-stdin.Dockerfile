FROM python:3.12
COPY <<'EOF' /s.sh
pip install flask
EOF
RUN cat /s.sh | sh
RUN cat < /s.sh | bash -e
RUN (cat /s.sh) | sh
RUN bash -s -- x < /s.sh
RUN sh /dev/stdin < /s.sh
RUN sh < /s.sh
