FROM python:3.12-slim
RUN python -m venv /opt/venv && printf '[global]\nno-binary = :all:\n' > /opt/venv/pip.conf
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; export PATH=/opt/tools/bin:$PATH; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/tools/bin:$PATH; pip install requests
RUN [ -d /opt/venv ] && . /opt/venv/bin/activate; declare -x PATH="/opt/tools/bin:$PATH"; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; export PATH=/usr/local/bin:$PATH; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/usr/local/bin:/usr/bin:/bin; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/tools/bin:$PATH; deactivate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; X=1; PATH=$PATH:/opt/tools/bin; pip install --only-binary :all: requests
