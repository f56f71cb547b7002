FROM python:3.12
RUN tar -xf /x.tar --to-command='pip install flask'
RUN tar -I 'pip install flask' -xf /x.tar
RUN tar -cf /o.tar /etc/hosts --checkpoint=1 --checkpoint-action=exec='pip install flask'
RUN git -c core.sshCommand='pip install flask' clone ssh://x/y
RUN git clone ssh://x/y --config core.sshCommand='pip install flask'
RUN GIT_SSH_COMMAND='pip install flask' git clone ssh://x/y
RUN git -C /r -c core.fsmonitor='python3 -m pip install flask' status
RUN apt-get -o APT::Update::Pre-Invoke::='pip install flask' update
RUN dpkg --pre-invoke='pip install flask' -i /x.deb
RUN rpm --eval '%(pip install flask)'
RUN tar -czf /pip-install.tar.gz /etc/hosts
RUN git -c user.name=pip commit -m 'pip install flask'
RUN apt-get -o Dpkg::Options::=--force-confold install -y python3-pip
RUN GIT_SSH_COMMAND='ssh -i /k' git clone ssh://x/pip-install
