FROM python:3.12
COPY <<EOF /usr/local/bin/setup-deps
#!/bin/bash
pip install --no-cache-dir "\$@"
EOF
RUN chmod +x /usr/local/bin/setup-deps && setup-deps flask
