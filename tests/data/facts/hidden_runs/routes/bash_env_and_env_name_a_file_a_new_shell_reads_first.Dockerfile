FROM python:3.12-slim
RUN python -m venv /opt/venv
COPY <<EOF /usr/local/pip.conf
[global]
only-binary = :all:
EOF
COPY <<EOF /etc/venv.sh
. /opt/venv/bin/activate
EOF
COPY <<EOF /opt/i.sh
pip install requests
EOF
RUN BASH_ENV=/etc/venv.sh bash -c 'pip install requests'
RUN ENV=/etc/venv.sh sh -ic 'pip install requests'
RUN ENV=/etc/venv.sh sh -c 'pip install requests'
RUN BASH_ENV=/etc/venv.sh sh -c 'pip install requests'
RUN BASH_ENV=/etc/venv.sh bash -ic 'pip install requests'
RUN export BASH_ENV=/etc/venv.sh; bash /opt/i.sh
RUN export BASH_ENV=/etc/venv.sh; sh /opt/i.sh
RUN BASH_ENV=/opt/venv/bin/activate bash -c 'pip install requests'
ENV BASH_ENV=/etc/venv.sh
RUN pip install requests
RUN bash -c 'pip install requests'
RUN env -u BASH_ENV bash -c 'pip install requests'
SHELL ["/bin/bash", "-c"]
RUN pip install requests
