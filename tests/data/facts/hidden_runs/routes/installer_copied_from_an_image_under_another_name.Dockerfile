FROM python:3.12
COPY --from=python:3.12 /usr/local/bin/pip /usr/local/bin/zz
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/fetch
COPY --from=busybox:1.36 /bin/busybox /bin/bb
RUN zz install flask
RUN zz install --only-binary :all: flask
RUN fetch pip install --system flask
RUN bb ls /
