FROM python:3.12-slim
RUN pip config set global.only-binary :all:
RUN --mount=type=tmpfs,target=/root/.config pip install flask
RUN --mount=type=cache,target=/root/.config pip install flask
RUN --mount=type=secret,id=x,target=/root/.config pip install flask
RUN --mount=type=bind,from=python:3.12,source=/etc,target=/root/.config pip install flask
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
RUN pip install flask
COPY <<EOF /src/req.txt
--no-binary lxml
EOF
RUN --mount=type=cache,target=/src pip install -r /src/req.txt
RUN --mount=type=tmpfs,target=/tmp echo 'pip install six' > /tmp/i.sh && sh /tmp/i.sh
RUN sh /tmp/i.sh
