FROM python:3.12
ADD https://x.example/requirements.txt /tmp/
RUN curl -fsSL https://x.example/c.txt -o /c.txt && pip install --only-binary :all: -c /c.txt -r /tmp/requirements.txt
RUN curl -fsSLO https://x.example/SHASUMS256.txt && wget -qO /etc/pip.conf https://x.example/pip.conf
RUN pip install --only-binary :all: flask
