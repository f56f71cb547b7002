FROM python:3.12-slim
WORKDIR /app
COPY <<EOF /app/r.txt
--no-binary lxml
lxml
EOF
RUN cd "$X" && pip install --only-binary :all: -r r.txt
RUN cd "$X" && pip install --only-binary :all: -r /app/r.txt
RUN cd "$X" && uv pip install --system --no-build -r r.txt
RUN curl -o d.txt https://example.com/r.txt && uv pip install --system --no-build -r d.txt
RUN uv pip install --system --no-build -r https://example.com/r.txt
RUN cd "$X" && pip install -r r.txt
