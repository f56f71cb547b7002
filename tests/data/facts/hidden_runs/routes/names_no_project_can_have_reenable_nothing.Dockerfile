FROM python:3.12-slim
ENV nb=lxml
COPY <<'EOF' /app/requirements.txt
--no-binary ${nb}
lxml
EOF
RUN pip install --only-binary :all: -r /app/requirements.txt
RUN pip install --only-binary :all: --no-binary "lxml, numpy" numpy
RUN pip install --only-binary :all: --no-binary " lxml" lxml
