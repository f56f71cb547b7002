FROM python:3.12-slim
ARG PIP_INDEX_URL=https://pypi.org/simple
COPY <<'EOF' /tmp/pip.conf.tmpl
[global]
index-url = ${PIP_INDEX_URL}
only-binary = :all:
EOF
COPY <<'EOF' /tmp/pip.conf.in
[global]
index-url = @URL@
only-binary = :all:
EOF
RUN envsubst < /tmp/pip.conf.tmpl | tee /etc/pip.conf >/dev/null && pip install requests
RUN sed "s|@URL@|https://pypi.org/simple|" /tmp/pip.conf.in | tee /etc/pip.conf && pip install requests
RUN envsubst < /tmp/pip.conf.tmpl | sudo tee /etc/pip.conf && pip install requests
RUN envsubst < /tmp/pip.conf.tmpl | cat > /etc/pip.conf && pip install requests
RUN envsubst < /tmp/pip.conf.tmpl | grep -v only-binary | tee /etc/pip.conf && pip install requests
RUN sed "s|only-binary|no-binary|" /tmp/pip.conf.in | tee /etc/pip.conf && pip install requests
