# One run per word: each judged alone, options among the words too (GNU xargs -n1).
FROM python:3.12-slim
COPY <<'EOF' /r.txt
# comment
flask==3.0
--no-binary :all:
EOF
COPY <<'EOF' /n.txt
flask
requests
EOF
RUN xargs -n1 pip install --only-binary :all: < /r.txt
RUN xargs -n1 pip install < /n.txt
RUN xargs -n1 pip install --only-binary :all: < /n.txt
RUN cat /n.txt | xargs -n 1 pip install --only-binary=:all:
RUN xargs -n2 pip install --only-binary :all: < /r.txt
RUN xargs --max-args=1 pip install --only-binary :all: -r < /n.txt
