FROM python:3.12 AS wheels
COPY <<EOF /src/requirements.txt
flask
EOF

FROM python:3.12 AS app
WORKDIR /app
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install -r requirements.txt
RUN --mount=type=bind,from=wheels,source=/src/requirements.txt,target=/tmp/req.txt pip install -r /tmp/req.txt
RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install flask
RUN --mount=type=cache,target=/root/.cache/pip pip install cached
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels pip install --no-index -f /wheels x
