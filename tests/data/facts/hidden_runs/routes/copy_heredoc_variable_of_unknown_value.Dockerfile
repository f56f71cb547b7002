FROM python:3.12
ARG EXTRA
COPY <<EOF /tmp/requirements.txt
flask $EXTRA
EOF
RUN pip install --only-binary :all: -r /tmp/requirements.txt
ARG EMPTY=
COPY <<EOF /tmp/ok.txt
flask $EMPTY
EOF
RUN pip install --only-binary :all: -r /tmp/ok.txt
FROM python:3.12
ARG X
COPY <<'EOF' /r.txt
flask ${X}
EOF
RUN pip install --only-binary :all: -r /r.txt
