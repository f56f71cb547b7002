FROM python:3.12-slim
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
COPY <<EOF /srv/a.txt
a
EOF
RUN --mount=type=tmpfs,target=/etc pip install flask
RUN --mount=type=tmpfs,target=/etc pip install flask
RUN pip install flask
