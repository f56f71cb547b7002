FROM python:3.12
RUN curl -fsSL -o /tmp/x https://bootstrap.pypa.io/get-pip.py
RUN cat /tmp/x >> /tmp/y1 && python3 /tmp/y1
RUN cat < /tmp/x > /tmp/y2 && python3 /tmp/y2
RUN dd if=/tmp/x of=/tmp/y3 && python3 /tmp/y3
