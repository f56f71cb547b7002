# sort prints the set of its input lines (exact for ASCII in C, C.UTF-8, en_US.UTF-8); their order
# matters to pip only where a line ends in a backslash or options meet: there it stays the subset rule.
FROM python:3.12-slim AS s0
COPY <<'EOF' /a.txt
--only-binary :all:
flask
requests
EOF
COPY <<'EOF' /b.txt
flask
numpy
EOF
COPY <<'EOF' /n.txt
--no-binary :all:
flask
EOF
RUN sort -u /a.txt > /r2.txt && pip install -r /r2.txt
RUN cat /a.txt /b.txt | sort -u > /c.txt && pip install -r /c.txt
RUN sort -u /a.txt /b.txt > /c.txt && pip install -r /c.txt
RUN sort -r /b.txt > /c.txt && pip install -r /c.txt
RUN sort -u /n.txt > /c.txt && pip install --only-binary :all: -r /c.txt
RUN sort /b.txt > /c.txt && pip install --only-binary :all: -r /c.txt
RUN sort -u /a.txt /n.txt > /c.txt && pip install -r /c.txt
RUN sort -fu /a.txt > /c.txt && pip install -r /c.txt
RUN sort -n /a.txt > /c.txt && pip install -r /c.txt
RUN sort -o /c.txt /a.txt && pip install -r /c.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /j.txt
flask \
  --hash=sha256:abc
--only-binary :all:
EOF
RUN sort -u /j.txt > /c.txt && pip install -r /c.txt
