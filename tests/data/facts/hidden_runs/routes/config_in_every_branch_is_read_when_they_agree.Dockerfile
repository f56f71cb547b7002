FROM python:3.12
ARG TARGETARCH
ARG PIP_INDEX_URL
RUN if [ "$TARGETARCH" = arm64 ]; then printf '[global]\nonly-binary = :all:\nextra-index-url = https://example.com/simple\n' > /etc/pip.conf; else printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; fi
RUN pip install flask
RUN if [ -n "$PIP_INDEX_URL" ]; then printf '[global]\nindex-url = https://mirror.example/simple\n' > /etc/pip2.conf; fi; PIP_CONFIG_FILE=/etc/pip2.conf pip install --only-binary :all: flask
RUN case "$TARGETARCH" in arm64) printf '[global]\nonly-binary = :all:\n' > /etc/pip3.conf;; *) printf '[global]\nno-binary = :all:\n' > /etc/pip3.conf;; esac; PIP_CONFIG_FILE=/etc/pip3.conf pip install flask
RUN if [ "$TARGETARCH" = arm64 ]; then printf '[global]\nonly-binary = :all:\n' > /etc/pip4.conf; elif [ "$TARGETARCH" = amd64 ]; then printf '[global]\nonly-binary = :all:\n' > /etc/pip4.conf; fi; PIP_CONFIG_FILE=/etc/pip4.conf pip install flask
RUN mkdir -p /etc/x && printf '[global]\nonly-binary = :all:\n' > /etc/x/pip.conf && PIP_CONFIG_FILE=/etc/x/pip.conf pip install flask
RUN PIP_CONFIG_FILE=/etc/x/pip.conf pip install flask
