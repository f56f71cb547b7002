FROM python:3.12
RUN curl -fsSL -o /tmp/x https://bootstrap.pypa.io/get-pip.py && python3 -c "$(< /tmp/x)"
