FROM python:3.12-slim
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
ENV PATH=/opt/venv/bin:$PATH
RUN pip install requests
RUN bash -lc 'pip install v2'
RUN bash -c 'pip install v3'
SHELL ["/bin/bash", "--login", "-c"]
RUN pip install requests
RUN /opt/venv/bin/pip install requests
RUN echo 'export PATH=/opt/venv/bin:$PATH' > /root/.bash_profile
RUN pip install requests
