FROM python:3.12
RUN curl -fsSL -o /tmp/boot https://bootstrap.pypa.io/get-pip.py && mv /tmp/boot /usr/local/bin && python3 /usr/local/bin/boot
