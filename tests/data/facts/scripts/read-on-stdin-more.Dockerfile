FROM python:3.12
COPY <<'EOF' /s.sh
pip install flask
EOF
COPY <<'EOF' /empty.sh
true
EOF
RUN cat /empty.sh /s.sh | sh
RUN cat /s.sh | tee /log | sh
RUN . /dev/stdin < /s.sh
RUN cat /s.sh | cat | bash
RUN cat /empty.sh - < /s.sh | sh
RUN cat /s.sh | cat /empty.sh - - | sh
RUN cat /empty.sh < /empty.sh < /s.sh - | bash
