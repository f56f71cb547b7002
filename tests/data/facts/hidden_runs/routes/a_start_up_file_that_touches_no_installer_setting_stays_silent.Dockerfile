FROM python:3.12-slim
ENV PIP_ONLY_BINARY=:all:
RUN echo 'alias ll="ls -l"; export PS1="# "' >> /root/.bashrc
RUN echo 'export PATH=/opt/tools/bin:$PATH' > /etc/profile.d/tools.sh
RUN echo 'export LANG=C.UTF-8' > /root/.profile
RUN bash -lc 'pip install requests'
RUN bash -ic 'pip install requests'
RUN BASH_ENV=/root/.bashrc bash -c 'pip install requests'
SHELL ["/bin/bash", "-l", "-c"]
RUN pip install requests
SHELL ["/bin/bash", "-i", "-c"]
RUN pip install requests
