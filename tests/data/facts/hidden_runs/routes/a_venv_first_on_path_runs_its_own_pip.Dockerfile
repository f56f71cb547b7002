FROM python:3.12-slim
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY <<EOF /opt/venv/pip.conf
[global]
only-binary = :all:
EOF
RUN pip install requests
RUN python -m pip install requests
RUN /usr/local/bin/pip install lxml
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
RUN /usr/local/bin/pip install lxml
RUN uv venv /opt/uv && PATH=/opt/uv/bin:/usr/local/bin pip install lxml
RUN uv venv --seed /opt/us && PATH=/opt/us/bin:/usr/local/bin pip install lxml
RUN uv venv --seed --relocatable /opt/ur && PATH=/opt/ur/bin:/usr/local/bin pip install lxml
