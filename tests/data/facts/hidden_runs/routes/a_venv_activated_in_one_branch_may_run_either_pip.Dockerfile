FROM python:3.12-slim
RUN python -m venv /opt/venv
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; pip install requests
RUN case "$A" in x) . /opt/venv/bin/activate ;; esac; pip install requests
RUN [ -n "$A" ] || . /opt/venv/bin/activate; pip install requests
RUN f() { . /opt/venv/bin/activate; }; [ -n "$A" ] && f; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; bash -c 'pip install requests'
RUN if [ -n "$A" ]; then if [ -n "$B" ]; then . /opt/venv/bin/activate; fi; fi; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; pip install --only-binary :all: requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; /usr/local/bin/pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; deactivate; pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; (deactivate; pip install requests)
RUN (if [ -n "$A" ]; then . /opt/venv/bin/activate; fi); pip install requests
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; apt-get install -y curl
RUN python -m venv /opt/v2 && curl -o /opt/v2/pip.conf https://example.com/pip.conf
RUN if [ -n "$A" ]; then . /opt/v2/bin/activate; fi; pip install requests
RUN python -m venv /opt/v3 && printf '[global]\nonly-binary = :all:\n' > /opt/v3/pip.conf
RUN if [ -n "$A" ]; then . /opt/v3/bin/activate; fi; pip install requests
RUN if [ -n "$A" ]; then . /opt/v3/bin/activate; else . /opt/venv/bin/activate; fi; pip install --only-binary :all: requests
RUN if [ -n "$A" ]; then X=--only-binary=:all:; . /opt/venv/bin/activate; else X=--no-deps; fi; pip install $X requests
RUN f() { :; }; if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; PATH=/usr/bin f; pip install requests
SHELL ["/bin/bash", "-c", "[ -d /opt/venv ] && . /opt/venv/bin/activate; eval \"$0\""]
RUN pip install requests
