FROM python:3.12
ONBUILD RUN curl -fsSL -o /tmp/x https://bootstrap.pypa.io/get-pip.py
ONBUILD RUN python3 /tmp/x
