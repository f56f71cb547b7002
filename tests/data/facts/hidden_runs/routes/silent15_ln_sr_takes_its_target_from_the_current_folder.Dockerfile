# `ln -s T L` reads a relative T from L's folder, but `ln -sr` (`--relative`, `--rel`) takes T
# from the current folder and writes the way from L's folder there (GNU ln 9.1 measured:
# `cd /tmp; ln -sr r.txt /app/l` is ../tmp/r.txt, /tmp's file).
FROM python:3.12-slim AS s0
ENV PIP_ONLY_BINARY=:all:
WORKDIR /
RUN mkdir -p /app && printf 'flask\n' > /app/r.txt && printf -- '--no-binary flask\nflask\n' > /tmp/r.txt
RUN cd /tmp && ln -sr r.txt /app/l1.txt; pip install -r /app/l1.txt
RUN cd /tmp && ln -s --relative r.txt /app/l2.txt; pip install -r /app/l2.txt
RUN cd /tmp && ln --symbolic --rel r.txt /app/l3.txt; pip install -r /app/l3.txt
# Compliant: /app's r.txt (flask only) is the target; the -t link is not made (r.txt is there).
RUN cd /app && ln -sr r.txt /tmp/l4.txt; pip install -r /tmp/l4.txt
RUN cd /tmp && ln -rs r.txt -t /app; pip install -r /app/r.txt
