FROM python:3.12
RUN mkdir -p /tmp/d && echo --no-binary :all: > /tmp/d/r.txt && mv /tmp/d /app && pip install --only-binary :all: -r /app/r.txt
RUN mkdir -p /tmp/e && echo --no-binary :all: > /tmp/e/r.txt && cp -r /tmp/e /srv/e && pip install --only-binary :all: -r /srv/e/r.txt
RUN mkdir -p /tmp/g && echo --no-binary :all: > /tmp/g/r.txt && ln -s /tmp/g /opt/g && cp -rL /opt/g /var/g && pip install --only-binary :all: -r /var/g/r.txt
RUN mkdir -p /tmp/h && echo flask > /tmp/h/r.txt && ln -s /tmp/h/r.txt /tmp/h/l && cp -a /tmp/h /var/h && echo --no-binary :all: >> /tmp/h/r.txt && pip install --only-binary :all: -r /var/h/l
RUN mkdir -p /tmp/i && curl -o /tmp/i/r.txt https://example.com/r.txt && cp -r /tmp/i /srv/i && pip install --only-binary :all: -r /srv/i/r.txt
RUN mkdir -p /tmp/j && echo flask > /tmp/j/r.txt && cp -r /tmp/j /srv/j && pip install --only-binary :all: -r /srv/j/r.txt
RUN mkdir -p /tmp/k && echo flask > /tmp/k/r.txt && ln -s r.txt /tmp/k/l && echo --no-binary :all: > /var/r.txt && cp -a /tmp/k /var/k && echo --no-binary :all: > /var/k/r.txt && pip install --only-binary :all: -r /var/k/l
RUN mkdir -p /m/n && echo --no-binary :all: > /m/r && ln -s .. /m/n/up && pip install --only-binary :all: -r /m/n/up/r
