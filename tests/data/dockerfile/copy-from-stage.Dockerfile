FROM python:3.12 AS config
COPY <<EOF /conf/pip.conf
[global]
only-binary = :all:
EOF
COPY <<EOF /conf/uv.toml
no-build = true
EOF

FROM python:3.12 AS app
COPY --from=config /conf/pip.conf /etc/pip.conf
COPY --from=0 /conf/ /etc/tools/
COPY --from=config /conf/unknown.conf /etc/unknown.conf
RUN pip install flask
