FROM python:3.12
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | tee /tmp/x.py > /dev/null && python3 /tmp/x.py flask
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | cat > /tmp/y.py && python3 /tmp/y.py flask
RUN wget -qO- https://bootstrap.pypa.io/get-pip.py | dd of=/tmp/z.py && python3 /tmp/z.py flask
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | tee /tmp/a.py | tee /tmp/b.py >/dev/null; python3 /tmp/b.py flask
RUN curl -fsSL https://example.com/data | gzip -d | tee /tmp/c.py; python3 /tmp/c.py flask
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py > /tmp/d.py; echo hi | tee /tmp/e.py; python3 /tmp/e.py flask
RUN curl -fsSLo /tmp/f https://bootstrap.pypa.io/get-pip.py && rsync -avt /tmp/f /opt/g.py && python3 /opt/g.py flask
RUN curl -fsSLo /tmp/h https://bootstrap.pypa.io/get-pip.py && rsync -a -e ssh /tmp/h /usr/local/bin/ && python3 /usr/local/bin/h flask
