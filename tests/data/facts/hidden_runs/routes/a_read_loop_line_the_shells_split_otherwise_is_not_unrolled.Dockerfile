# dash gives `read p` the line `flask \#` as `flask` (bash as `flask #`, which pip refuses):
# where the shells trim a line's end otherwise, the loop is not unrolled.
FROM python:3.12-slim
COPY <<'EOF' /r.txt
flask \#
EOF
RUN while read p; do pip install "$p"; done < /r.txt
# compliant: a plain comment line, as before
COPY <<'EOF' /c.txt
# flask
EOF
RUN while read p; do pip install "$p"; done < /c.txt
