FROM python:3.12
WORKDIR /app
COPY <<EOF r.txt
--only-binary :all:
flask
EOF
RUN pip install --only-binary :all: -r r.txt
RUN pip install --only-binary :all: -r r.txt
