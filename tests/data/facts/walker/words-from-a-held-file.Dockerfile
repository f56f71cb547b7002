FROM python:3.12-slim
COPY <<EOF /r.txt
requests
flask
EOF
RUN pip install --only-binary :all: $(cat /r.txt)
RUN pip install --only-binary :all: $(cat /r.txt)
