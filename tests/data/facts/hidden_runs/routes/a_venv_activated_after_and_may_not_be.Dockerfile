FROM python:3.12-slim
RUN python -m venv /opt/venv
COPY <<EOF /opt/venv/pip.conf
[global]
only-binary = :all:
EOF
RUN test -d /opt/venv && . /opt/venv/bin/activate; pip install requests
RUN { [ -d /opt/venv ] && . /opt/venv/bin/activate; }; pip install requests
RUN cd /opt && . venv/bin/activate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; else :; fi; pip install requests
RUN . /opt/venv/bin/activate && pip install requests
RUN . /opt/venv/bin/activate; pip install requests
RUN test -d /opt/venv && . /opt/venv/bin/activate && pip install requests
RUN cd /opt && . venv/bin/activate && pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; else . /opt/venv/bin/activate; fi; pip install requests
RUN test -d /opt/venv && . /opt/venv/bin/activate; . /opt/venv/bin/activate; pip install requests
COPY <<EOF /opt/install.sh
pip install requests
EOF
RUN [ -d /opt/venv ] && . /opt/venv/bin/activate; sh /opt/install.sh
