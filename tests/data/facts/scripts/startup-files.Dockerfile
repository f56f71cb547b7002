FROM python:3.12 AS login
RUN echo 'pip install flask' > /etc/profile.d/gate.sh
SHELL ["/bin/bash", "--login", "-c"]
RUN true

FROM python:3.12 AS bash-env
ENV BASH_ENV=/etc/gate-env.sh
RUN echo 'pip install django' > /etc/gate-env.sh
SHELL ["/bin/bash", "-c"]
RUN true

FROM python:3.12 AS plain
RUN echo 'pip install requests' > /etc/profile.d/gate.sh && echo 'pip install rich' > /root/.bashrc
RUN true
