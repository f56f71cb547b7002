# bash expands `~+` to the folder it is in and `~-` to OLDPWD (dash and busybox leave them as
# written), and moves along its directory stack as `pushd -n`, `pushd`, `pushd +N/-N`,
# `popd -n`, `popd +N/-N` and `dirs -c` say; popd sets OLDPWD (bash 5.2 measured).
FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
SHELL ["/bin/bash", "-c"]
WORKDIR /
RUN mkdir -p /app/sub && printf -- '--no-binary flask\nflask\n' > /app/r.txt && printf 'flask\n' > /r.txt && cp /app/r.txt /app/sub/r.txt
RUN cd /app; cd /; cd ~-; pip install -r r.txt
RUN cd /app; cd ~+; pip install -r r.txt
RUN cd /app; cd ~+/sub; pip install -r r.txt
RUN [ -d /app ] && cd /app; cd /; cd ~-; pip install -r r.txt
RUN cd /app; pushd -n /; pip install -r r.txt
RUN pushd /app; pushd /; pushd +1; pip install -r r.txt
RUN pushd /app; pushd /tmp; pushd -1; pip install -r r.txt
RUN pushd /app; pushd -n sub; pushd +1; pip install -r r.txt
# Compliant: each lands in / or /tmp (no r.txt there: pip fails).
RUN cd /app; cd ~-; pip install -r r.txt
RUN pushd /app; pushd /; popd +1; pip install -r r.txt
RUN pushd /app; pushd /; popd -0; pip install -r r.txt
RUN cd /app; pushd /tmp; popd; cd -; pip install -r r.txt
RUN pushd /app; pushd /tmp; popd -n; popd; pip install -r r.txt
RUN pushd /app; pushd /tmp; pushd +5; pip install -r r.txt
FROM python:3.12-slim AS s1
ENV PIP_ONLY_BINARY=:all:
WORKDIR /
# dash leaves `~-` as a name of its own (the cd fails, it stays in /), but /bin/sh is bash on
# some images: unknown.
RUN mkdir -p /app && printf -- '--no-binary flask\nflask\n' > /app/r.txt && printf 'flask\n' > /r.txt
RUN cd /app; cd /; cd ~-; pip install -r r.txt
