FROM python:3.12
WORKDIR /app
COPY <<EOF env.sh
pip install requests
EOF
RUN . ./env.sh
RUN ["/bin/bash", "-c", "source /app/env.sh"]
