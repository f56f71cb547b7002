FROM python:3.12-slim
RUN printf 'pip install lxml\n' > /s.sh && printf 'pip install --only-binary :all: lxml\n' > /w.sh
RUN tar -xf /x.tar --to-command='sh /s.sh'
RUN tar -cf /o.tar /etc/hosts --checkpoint=1 --checkpoint-action=exec='sh /s.sh'
RUN git -c core.sshCommand='sh /s.sh' clone git@example.com:x/y
RUN GIT_SSH_COMMAND='sh /s.sh' git clone git@example.com:x/y
RUN git -c alias.x='!sh /s.sh' x
RUN tar -xf /x.tar --to-command='sh /w.sh'
RUN git -c user.name='sh /s.sh' commit -m x
RUN git -c alias.st='status /s.sh' st
RUN apt-get -o APT::Update::Post-Invoke-Success::='sh /s.sh' update
