FROM python:3.12
COPY <<EOF /src/requirements.txt
--no-binary flask
flask
EOF
RUN cd /src && pip install --only-binary :all: -r requirements.txt
