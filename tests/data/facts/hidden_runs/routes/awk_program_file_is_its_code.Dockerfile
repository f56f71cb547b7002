# Each probe in a stage of its own: files and functions one makes must not reach the next.
FROM python:3.12-slim AS s0
RUN printf 'BEGIN { system("pip install flask") }\n' > /tmp/p.awk && awk -f /tmp/p.awk
FROM python:3.12-slim AS s1
RUN printf '{ system($0) }\n' > /tmp/p.awk && echo 'pip install flask' > /tmp/in && awk -f /tmp/p.awk /tmp/in
FROM python:3.12-slim AS s2
RUN printf '{ print | "sh" }\n' > /tmp/p.awk && echo 'pip install flask' | awk -f /tmp/p.awk
FROM python:3.12-slim AS s3
RUN printf 'BEGIN { x=1 }\n' > /tmp/a.awk && printf 'END { system("pip install flask") }\n' > /tmp/b.awk && gawk -f /tmp/a.awk --file=/tmp/b.awk /dev/null
FROM python:3.12-slim AS s4
RUN curl -fsSL -o /tmp/p.awk https://example.com/p.awk && awk -f /tmp/p.awk
FROM python:3.12-slim AS s5
RUN printf 'BEGIN { print "hi" }\n' > /tmp/p.awk && awk -f /tmp/p.awk
FROM python:3.12-slim AS s6
RUN printf 'BEGIN { print "pip install flask" }\n' > /tmp/p.awk && awk -f /tmp/p.awk
FROM python:3.12-slim AS s7
RUN awk -f /usr/share/doc/x.awk /etc/passwd
FROM python:3.12-slim AS s8
RUN awk '{ print | "sh" }' <<'EOF'
pip install flask
EOF
