FROM python:3.12-slim AS s0
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
RUN env -i sh -c 'PATH=/opt/venv/bin:$PATH; sh -c "pip install flask"'
RUN sudo sh -c 'PATH=/opt/venv/bin:$PATH; pip install flask'
RUN sh -c 'PATH=/opt/venv/bin:$PATH; sh -c "pip install flask"'
