# `grep -E -F` is an error in GNU grep 3.8 (G is empty, pip reads no --only-binary from it);
# `grep -e` without its pattern too. The same filters with one matcher keep the option line.
FROM python:3.12-slim
COPY <<'EOF' /r.txt
--only-binary :all:
flask
EOF
RUN grep -E -F -e only-binary -e flask /r.txt > /g.txt; pip install -r /g.txt flask
RUN grep -v zzz /r.txt -e > /g.txt; pip install -r /g.txt flask
RUN fgrep -E -v zzz /r.txt > /g.txt; pip install -r /g.txt flask
# compliant
RUN grep -F -e only-binary -e flask /r.txt > /g.txt; pip install -r /g.txt flask
RUN egrep -v 'zzz|^#' /r.txt > /g.txt; pip install -r /g.txt flask
