FROM python:3.12-slim AS s0
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
ENV PATH=/opt/venv/bin:$PATH
SHELL ["/bin/bash", "-c"]
RUN exec -l bash -c 'pip install flask'
RUN exec -a -bash bash -c 'pip install flask'
RUN exec -a mybash bash -c 'pip install flask'
RUN exec -c -l bash -c 'PATH=/opt/venv/bin:$PATH pip install flask'
RUN exec bash -c 'pip install flask'
