FROM python:3.12
COPY inst.sh /usr/local/bin/setup-env
ENV PATH="/opt/venv/bin:${PATH}"
RUN setup-env
COPY quiet.sh /opt/venv/bin/setup-env
RUN setup-env
FROM python:3.12
COPY inst.sh /usr/local/bin/setup-env
ARG TOOLS_PATH=/opt/tools/bin:$PATH
ENV PATH=$TOOLS_PATH
RUN setup-env
