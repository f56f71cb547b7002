FROM python:3.12 AS base
FROM base AS tools
RUN echo flask > /tmp/held.txt
FROM python:3.12-slim
COPY --from=ghcr.io/x/y:1 /req.txt /tmp/
RUN pip install --only-binary :all: -r /tmp/req.txt
RUN --mount=type=bind,from=ghcr.io/x/y:1,source=/c,target=/tmp/c pip install --only-binary :all: -c /tmp/c flask
COPY --from=base /opt/deps /opt/deps
RUN pip install --only-binary :all: -r /opt/deps/requirements.txt
COPY --from=tools /tmp/held.txt /tmp/held.txt
RUN pip install --only-binary :all: -r /tmp/held.txt
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/
RUN uv pip install --system --no-build flask
RUN pip install flask -r /tmp/req.txt
ARG IMG
COPY --from=$IMG /r.txt /r.txt
RUN pip install --only-binary :all: -r /r.txt
