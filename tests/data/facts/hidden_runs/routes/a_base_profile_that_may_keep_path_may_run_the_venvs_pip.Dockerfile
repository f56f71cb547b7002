FROM python:3.12-slim
RUN python -m venv /opt/venv && printf '[global]\nno-binary = :all:\n' > /opt/venv/pip.conf
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN bash -lc 'pip install requests'
RUN sh -lc 'pip install requests'
RUN bash --login -c 'pip install requests'
RUN bash -lc '/usr/local/bin/pip install requests'
RUN bash --noprofile -lc '/usr/local/bin/pip install requests'
RUN python -m venv /opt/v2 && curl -o /opt/v2/pip.conf https://example.com/pip.conf
RUN PATH=/opt/v2/bin:/usr/local/bin bash -lc 'pip install --only-binary :all: requests'
SHELL ["/bin/bash", "-l", "-c"]
RUN pip install requests
RUN python -m venv /opt/venv3 && printf '[global]\nonly-binary = :all:\n' > /opt/venv3/pip.conf
RUN echo 'export PATH=/opt/venv3/bin:$PATH' > /root/.bash_profile
RUN pip install requests
