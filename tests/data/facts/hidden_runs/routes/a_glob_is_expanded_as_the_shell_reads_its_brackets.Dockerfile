# A glob names the files the shell expands it to, not what Go's filepath.Match would (the
# reading of COPY sources): `[!x]` negates in bash, dash and busybox sh (Go: `!` is a member),
# `[^x]` negates in bash and busybox (dash: a member, so either), `[[:digit:]]` is a class
# (measured in a scratch folder with bash 5.2, dash and busybox sh). 12-14 named no held
# file, so passed silently though /d/10.sh installs; a bracket that names no file stays so (15).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/x.txt
GATE_TEXT_END
RUN for f in /d/[!x]*; do sh "$f"; done
RUN sh /d/[^x]*.sh
RUN sh /d/[[:digit:]]0.sh
RUN sh /d/[!1]0.sh
# So does `rm`'s: `rm /etc/pip.con[!x]` removes the config (21), which stayed read (a pass).
COPY <<GATE_TEXT_END /etc/pip.conf
[global]
only-binary = :all:
GATE_TEXT_END
RUN rm /etc/pip.con[!x] && pip install flask
