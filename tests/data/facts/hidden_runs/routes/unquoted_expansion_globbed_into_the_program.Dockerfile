FROM python:3.12
RUN p=/usr/local/bin/pip*; $p install flask
RUN for p in /usr/local/bin/pi?3; do $p install flask; done
RUN d=/usr/local/bin; ${d}/pip[3] install flask
RUN p='/usr/local/bin/pip*'; "$p" install flask
RUN p=/usr/local/bin/ls*; $p /
RUN p=/usr/local/bin/pip3; $p install --only-binary :all: flask
