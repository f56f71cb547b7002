FROM python:3.12-slim
RUN python -m venv /opt/venv && printf '[global]\nonly-binary = :all:\n' > /opt/venv/pip.conf
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN bash -lc 'pip install requests'
RUN sh -lc 'pip install requests'
RUN python -m venv /opt/v2 && curl -o /opt/v2/pip.conf https://example.com/pip.conf
RUN PATH=/opt/v2/bin bash -lc '/opt/venv/bin/pip install requests'
SHELL ["/bin/bash", "--login", "-c"]
RUN pip install requests
RUN echo 'export PATH=/opt/venv/bin:$PATH' > /root/.bash_profile
RUN pip install requests
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN pip install requests
