FROM python:3.12-slim
RUN python -m venv /opt/venv
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
RUN echo '. /opt/venv/bin/activate' >> /root/.bashrc
RUN bash -ic 'pip install requests'
RUN bash -lc 'pip install requests'
RUN echo 'pip install requests' | bash -i
RUN bash -c 'pip install requests'
RUN sh -c 'pip install requests'
RUN pip install requests
RUN bash --norc -ic 'pip install requests'
RUN bash --noprofile -lc 'pip install requests'
SHELL ["/bin/bash", "-i", "-c"]
RUN pip install requests
SHELL ["/bin/bash", "-c"]
RUN pip install requests
RUN echo 'export PATH=/opt/venv/bin:$PATH' > /root/.bash_profile
RUN bash -lc 'pip install requests'
