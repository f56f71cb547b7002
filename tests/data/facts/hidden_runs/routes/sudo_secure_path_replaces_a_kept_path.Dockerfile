FROM python:3.12-slim AS s0
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
ENV PATH=/opt/venv/bin:$PATH
RUN sudo -E pip install flask
RUN sudo --preserve-env=PATH pip install flask
RUN sudo -E /opt/venv/bin/pip install flask
RUN pip install flask
