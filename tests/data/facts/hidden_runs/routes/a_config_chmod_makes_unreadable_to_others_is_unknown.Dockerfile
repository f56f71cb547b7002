FROM python:3.12
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN chmod 644 /etc/pip.conf && chmod +x /usr/local/bin/* && chmod -R go-w /etc && useradd -m app
USER app
RUN pip install --user flask
USER root
RUN chmod 600 /etc/pip.conf
USER app
RUN pip install --user flask
USER root
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN chmod -R o-r /etc/
USER app
RUN pip install --user flask
