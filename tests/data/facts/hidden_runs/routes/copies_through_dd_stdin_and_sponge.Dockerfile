FROM python:3.12-slim
RUN echo "pip install flask" > /tmp/s.txt
RUN dd if=/tmp/s.txt of=/tmp/t1.sh && sh /tmp/t1.sh
RUN dd of=/tmp/t2.sh < /tmp/s.txt && sh /tmp/t2.sh
RUN cp /dev/stdin /tmp/t3.sh < /tmp/s.txt && sh /tmp/t3.sh
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | cp /dev/stdin /tmp/x1.py; python3 /tmp/x1.py flask
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | install /dev/stdin /tmp/x2.py; python3 /tmp/x2.py flask
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | sponge /tmp/x3.py; python3 /tmp/x3.py flask
