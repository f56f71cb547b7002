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
RUN . /opt/venv/bin/activate && pip install requests
RUN source /opt/venv/bin/activate; python -m pip install requests
RUN pip install requests
RUN . /opt/venv/bin/activate && deactivate && pip install requests
RUN (. /opt/venv/bin/activate) && pip install requests
RUN bash -c '. /opt/venv/bin/activate && pip install requests'
RUN . /opt/venv/bin/activate && bash -c 'pip install requests'
RUN . /opt/conda/bin/activate && pip install requests
WORKDIR /opt
RUN . venv/bin/activate && pip install requests
RUN uv venv /opt/uv && . /opt/uv/bin/activate && pip install requests
RUN . /opt/venv/bin/activate && sudo pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; pip install requests
COPY <<EOF /opt/i.sh
pip install requests
EOF
RUN . /opt/venv/bin/activate && sh /opt/i.sh
RUN . /opt/venv/bin/activate && . /opt/uv/bin/activate && pip install requests
RUN . /opt/venv/bin/activate && cd "$Q" && . venv/bin/activate && pip install requests
SHELL ["/bin/bash", "-c", ". /opt/venv/bin/activate && eval \"$0\""]
RUN pip install requests
