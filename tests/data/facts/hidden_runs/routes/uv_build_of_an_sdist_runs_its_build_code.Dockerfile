FROM python:3.12-slim
RUN curl -LO https://files.example.com/foo-1.0.tar.gz && uv build foo-1.0.tar.gz
RUN uv build
RUN uv build ./pkg
RUN uv build --sdist --out-dir dist
RUN uv build https://files.example.com/foo-1.0.tar.gz
