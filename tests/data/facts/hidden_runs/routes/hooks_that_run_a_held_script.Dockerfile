FROM python:3.12
RUN printf 'pip install lxml\n' > /s.sh && printf 'echo hi\n' > /ok.sh
RUN printf '[core]\n\tfsmonitor = sh /s.sh\n' > /root/.gitconfig && git -C /r status
RUN mkdir -p /g/hooks && printf '#!/bin/sh\nsh /s.sh\n' > /g/hooks/post-checkout && git clone --template=/g https://e.com/x/y
RUN printf 'DPkg::Pre-Invoke {"sh /s.sh";};\n' > /etc/apt/apt.conf.d/10x && apt-get install -y curl
RUN printf '[core]\n\tfsmonitor = sh /ok.sh\n' > /etc/gitconfig
RUN printf 'APT::Install-Recommends "false"; // see /s.sh\n' > /etc/apt/apt.conf.d/20y
