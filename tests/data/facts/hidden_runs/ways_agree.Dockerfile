FROM python:3.12-slim
RUN python -m venv /opt/venv
RUN if [ -n "$A" ]; then . /opt/venv/bin/activate; fi; pip install requests
ENV PATH=/opt/tools/bin:/usr/local/bin:/usr/bin:/bin
RUN bash -lc 'pip download requests'
SHELL ["/bin/bash", "-lc"]
RUN bash -lc 'pip install requests'
