FROM python:3.12
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN --mount=type=Tmpfs,target=/etc pip install flask
RUN --mount=TYPE=CACHE,target=/root/.cache pip install flask
