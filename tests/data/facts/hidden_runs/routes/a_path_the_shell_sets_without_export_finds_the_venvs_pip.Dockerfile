FROM python:3.12-slim AS s0
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
RUN PATH=/opt/venv/bin:$PATH; pip install flask
RUN PATH=/opt/venv/bin; pip install flask
RUN PATH=/opt/venv/bin:$PATH; sh -c 'pip install flask'
RUN PATH="$PATH:/opt/venv/bin"; pip install flask
