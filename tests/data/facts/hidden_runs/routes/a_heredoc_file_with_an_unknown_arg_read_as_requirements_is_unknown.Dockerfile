FROM python:3.12
ARG EXTRA
COPY <<EOF /tmp/deps
flask $EXTRA
EOF
RUN pip install --only-binary :all: -r /tmp/deps
RUN cp /tmp/deps /tmp/deps2 && pip install --only-binary :all: -c /tmp/deps2 flask
RUN echo requests >> /tmp/deps && pip install --only-binary :all: -r /tmp/deps
COPY <<EOF /tmp/known
flask
EOF
RUN pip install --only-binary :all: -r /tmp/known
COPY <<EOF /etc/pip.conf
[global]
index-url = $EXTRA
EOF
RUN pip install --only-binary :all: flask
COPY <<'EOF' /tmp/quoted
flask $EXTRA
EOF
RUN pip install --only-binary :all: -r /tmp/quoted
FROM python:3.12
COPY --from=0 /tmp/deps /d
RUN pip install --only-binary :all: -r /d
RUN pip install -r /d
