FROM python:3.12
# comment
RUN apt-get update && \
    pip install \
      # a comment inside
      --no-cache-dir \
      requests==2.0 && \
    uv pip install --system httpx \
 && poetry install --no-root
RUN pip install git+https://github.com/a/b.git
RUN ["pip", "install", "flask"]
