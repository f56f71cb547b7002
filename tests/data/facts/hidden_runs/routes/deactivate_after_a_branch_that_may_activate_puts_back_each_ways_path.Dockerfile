FROM python:3.12-slim
RUN python -m venv /opt/venv && printf '[global]\nno-binary = :all:\n' > /opt/venv/pip.conf
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
RUN python -m venv /opt/tools && printf '[global]\nno-binary = :all:\n' > /opt/tools/pip.conf
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/x/bin:$PATH; deactivate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/tools/bin:$PATH; deactivate; pip install requests
RUN [ -n "$A" ] && . /opt/venv/bin/activate; export PATH=/opt/x/bin:$PATH; deactivate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/x/bin:$PATH; deactivate; . /opt/venv/bin/activate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/x/bin:$PATH; deactivate; PATH=/opt/tools/bin:$PATH; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/x/bin:$PATH; deactivate; deactivate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/opt/x/bin:$PATH; deactivate; pip install --only-binary :all: requests
