FROM python:3.12
ARG EXTRA
COPY <<EOF /tmp/deps
flask $EXTRA
EOF
COPY <<EOF /tmp/plain
flask
EOF
RUN cat /tmp/deps > /app/a.txt && pip install --only-binary :all: -r /app/a.txt
RUN echo requests > /app/b.txt && cat /tmp/deps >> /app/b.txt && pip install --only-binary :all: -r /app/b.txt
RUN cat /tmp/deps | tee /app/c.txt && pip install --only-binary :all: -r /app/c.txt
RUN grep -v '^#' /tmp/deps > /app/d.txt && pip install --only-binary :all: -r /app/d.txt
RUN sed 's/x/y/' /tmp/deps > /app/e.txt && pip install --only-binary :all: -r /app/e.txt
RUN tr -d '\r' < /tmp/deps > /app/f.txt && pip install --only-binary :all: -r /app/f.txt
RUN uniq /tmp/deps > /app/g.txt && pip install --only-binary :all: -r /app/g.txt
RUN cat /tmp/plain > /app/h.txt && pip install --only-binary :all: -r /app/h.txt
RUN cat /tmp/deps > /etc/motd && pip install --only-binary :all: flask
