# crlf-options.txt and crlf-names.txt end their lines in CR LF (.gitattributes: -text). pip's
# requirements parser drops the CR; a shell keeps it: `read` gives `--only-binary=:all:\r`,
# which pip does not take for `:all:` (it builds), and `grep -x` matches no line.
FROM python:3.12-slim AS s0
COPY crlf-options.txt crlf-names.txt /app/
WORKDIR /app
RUN while read p; do pip install $p flask; done < crlf-options.txt
RUN cat crlf-options.txt | while read -r p; do pip install "$p" requests; done
RUN grep -x -- '--only-binary=:all:' crlf-options.txt > opts.txt; pip install $(cat opts.txt) flask
RUN sed '/:all:$/!d' crlf-options.txt > o.txt; pip install -r o.txt flask
# compliant: pip reads the file itself, or the CRs are removed first
FROM s0 AS s1
RUN pip install -r crlf-options.txt flask
RUN grep -v flask crlf-options.txt > r.txt; pip install -r r.txt flask
RUN tr -d '\r' < crlf-options.txt > o.txt; grep -x -- '--only-binary=:all:' o.txt > x.txt; pip install -r x.txt flask
RUN cat crlf-options.txt crlf-options.txt > two.txt; pip install -r two.txt flask
# a CRLF script the shell runs: its installs are unknown (20: `:all:\r`); one without any is not
FROM python:3.12-slim AS s2
COPY crlf-install.sh crlf-noop.sh /app/
RUN sh /app/crlf-install.sh
RUN sh /app/crlf-noop.sh
# a CRLF file sourced for its settings sets `:all:\r`: unknown
COPY crlf-env.sh /app/
RUN . /app/crlf-env.sh; pip install flask
