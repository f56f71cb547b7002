FROM python:3.12-slim
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN --mount=type=secret,id=pipconf,target=/root/.config/pip/pip.conf pip install lxml
RUN --mount=type=secret,id=pipconf,target=/root/.config/pip/pip.conf pip install --only-binary :all: lxml
RUN pip install lxml
