FROM python:3.12-slim
ENV PIP_ONLY_BINARY=:all:
RUN echo 'unset PIP_ONLY_BINARY' > /etc/profile.d/pip.sh
RUN bash -lc 'pip install requests'
RUN sh -lc 'pip install requests'
RUN bash --login -c 'pip install requests'
RUN bash -c 'pip install requests'
RUN bash -ic 'pip install requests'
RUN bash --noprofile --login -c 'pip install requests'
RUN echo 'export PIP_NO_BINARY=:all:' >> /root/.bashrc && bash -ic 'pip install requests'
RUN echo "export PIP_NO_BINARY=:all:" >> /root/.bash_profile && bash -lc "pip install requests"
RUN echo "unset PIP_ONLY_BINARY" > /etc/bash.bashrc && bash -i -o posix -c "pip install requests"
