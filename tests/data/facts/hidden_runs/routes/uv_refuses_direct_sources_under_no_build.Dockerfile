FROM python:3.12-slim
RUN uv pip install --system --no-build git+https://github.com/o/r
RUN uv pip install --system --no-build https://example.com/foo-1.0.tar.gz
RUN uv tool install --no-build git+https://github.com/o/r
RUN uv pip install --system --no-build -e git+https://github.com/o/r#egg=r
RUN uv pip install --system git+https://github.com/o/r
RUN uv pip install --system --no-build https://example.com/foo-1.0-py3-none-any.whl
