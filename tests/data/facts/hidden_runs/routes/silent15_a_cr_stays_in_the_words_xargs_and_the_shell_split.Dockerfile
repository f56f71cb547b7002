# xargs cuts its input at blanks and newlines, the shell splits $(cat F) at space, tab and
# newline: a CR stays in its word, and pip takes `--only-binary=:all:\r` for a package named so,
# not `:all:` (pip 25, GNU xargs 4.9, bash 5.2 measured: a local sdist's build ran).
FROM python:3.12-slim AS s0
RUN printf -- '--only-binary=:all:\r\nflask\r\n' > /p.txt
RUN xargs pip install < /p.txt
RUN cat /p.txt | xargs pip install
RUN pip install $(cat /p.txt)
RUN pip install `cat /p.txt`
# Compliant: the CRs taken off first, or pip's own reader (it drops them).
RUN tr -d '\r' < /p.txt | xargs pip install
RUN pip install -r /p.txt
