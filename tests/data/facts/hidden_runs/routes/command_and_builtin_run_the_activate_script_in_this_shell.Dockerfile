FROM python:3.12-slim
RUN python -m venv /opt/venv
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
COPY <<EOF /opt/venv/pip.conf
[global]
no-binary = :all:
EOF
RUN command . /opt/venv/bin/activate && pip install requests
RUN builtin source /opt/venv/bin/activate && pip install requests
RUN command -p -- . /opt/venv/bin/activate && pip install requests
RUN builtin . /opt/venv/bin/activate && command deactivate; pip install requests
RUN . /opt/venv/bin/activate && builtin deactivate; pip install requests
RUN command -v . /opt/venv/bin/activate && pip install requests
RUN builtin cd /opt && . venv/bin/activate && pip install requests
RUN command cd /opt && . venv/bin/activate && pip install requests
RUN command eval ". /opt/venv/bin/activate" && pip install requests
RUN . /opt/venv/bin/activate && command deactivate && pip install requests
RUN . /opt/venv/bin/activate && deactivate && pip install requests
