# Programs that run the rest of their words, as nohup and sudo do (their manuals): a held
# script that installs, run through ssh-agent, toybox, pkexec, ifne or daemonize, installs
# (lines 8-13, silent before). ssh-agent alone runs nothing (14).
FROM python:3.12
COPY <<GATE_TEXT_END /s.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN ssh-agent sh /s.sh
RUN ssh-agent -t 60 bash -c "sh /s.sh"
RUN toybox sh /s.sh
RUN pkexec --user root sh /s.sh
RUN ifne -n sh /s.sh < /dev/null
RUN daemonize -c / -u root /bin/sh /s.sh
RUN ssh-agent -s > /agent.env
# bash's `coproc CMD` runs CMD (17, 18; silent before unless CMD's words named an installer).
SHELL ["/bin/bash", "-c"]
RUN coproc sh /s.sh
RUN coproc pip install --no-binary :all: evil
