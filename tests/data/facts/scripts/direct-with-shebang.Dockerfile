FROM python:3.12
WORKDIR /opt
COPY <<EOF run-me
#!/usr/bin/env bash
python -m pip install django
EOF
RUN chmod +x run-me && ./run-me
