FROM python:3.12
WORKDIR /tmp
RUN curl -o /tmp/x https://bootstrap.pypa.io/get-pip.py && mv /tmp/x /tmp/y.py && python3 /tmp/y.py flask
RUN curl -o /tmp/x https://bootstrap.pypa.io/get-pip.py && cp /tmp/x /tmp/y.py && python3 /tmp/y.py flask
RUN curl -O https://bootstrap.pypa.io/get-pip.py && mv get-pip.py b.py && python3 b.py flask
RUN curl -o /tmp/x https://bootstrap.pypa.io/get-pip.py && ln -s /tmp/x /tmp/y && python3 /tmp/y flask
ADD https://bootstrap.pypa.io/get-pip.py /opt/
RUN mv /opt/get-pip.py /opt/b && python3 /opt/b flask
ADD --chmod=755 https://bootstrap.pypa.io/get-pip.py /usr/local/bin/boot
RUN boot flask
RUN curl -o /tmp/a https://example.com/hello.py -o /tmp/b https://bootstrap.pypa.io/get-pip.py && python3 /tmp/b flask
RUN curl --url=https://bootstrap.pypa.io/get-pip.py -o /tmp/c && python3 /tmp/c flask
RUN curl --output-dir /opt -o d https://bootstrap.pypa.io/get-pip.py && python3 /opt/d flask
ADD https://bootstrap.pypa.io/get-pip.py?v=1 /tmp/e
RUN python3 /tmp/e flask
ADD https://example.com/r.txt?v=1 /r.txt
RUN pip install --only-binary :all: -r /r.txt
RUN python3 - flask < /tmp/e
RUN python3 /dev/stdin flask < /tmp/e
RUN python3 - flask < <(cat /tmp/e)
ADD https://example.com/tools/install-pip.sh /tmp/install-pip.sh
RUN sh < /tmp/install-pip.sh
RUN source <(cat /tmp/install-pip.sh)
RUN python3 <(curl -fsSL https://bootstrap.pypa.io/get-pip.py) flask
RUN python3 -c "exec(open('/tmp/e').read())"
RUN curl -o /tmp/h https://example.com/hello.py && python3 /tmp/h flask
RUN mv /tmp/h /tmp/h2 && python3 /tmp/h2 flask
