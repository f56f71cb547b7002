FROM python:3.12-slim
COPY <<EOF /r.txt
requests
flask
EOF
COPY <<EOF /bad.txt
lxml --no-binary lxml
EOF
RUN pip install --only-binary :all: $(cat /r.txt)
RUN pip install --only-binary :all: `cat /r.txt`
RUN pip install --only-binary :all: $(< /r.txt)
RUN pip install --only-binary :all: "$(cat /r.txt)"
RUN pip install --only-binary :all: $(cat /bad.txt)
RUN pip install --only-binary :all: $(cat /missing.txt)
RUN pip install $(cat /r.txt)
