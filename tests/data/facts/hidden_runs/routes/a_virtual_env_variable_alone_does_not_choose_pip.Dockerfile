FROM python:3.12-slim
COPY <<EOF /etc/pip.conf
[global]
no-binary = :all:
EOF
ENV VIRTUAL_ENV=/opt/venv
RUN python -m venv $VIRTUAL_ENV
COPY <<EOF /opt/venv/pip.conf
[global]
only-binary = :all:
EOF
RUN pip install requests
RUN python -m pip install requests
RUN $VIRTUAL_ENV/bin/pip install requests
RUN PATH=/opt/venv/bin:$PATH pip install requests
RUN PATH=/usr/local/bin:/opt/venv/bin pip install requests
ENV VIRTUAL_ENV=/opt/uv
RUN uv venv $VIRTUAL_ENV
ENV PATH=/opt/uv/bin:$PATH
RUN pip install requests
ENV VIRTUAL_ENV=/opt/venv
RUN pip install requests
