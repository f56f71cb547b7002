FROM python:3.12
# comment
RUN apt-get update && \
    pip install --only-binary :all: \
      # a comment inside
      --no-cache-dir \
      requests==2.0 && \
    uv pip install --no-build --system httpx \
 && POETRY_INSTALLER_ONLY_BINARY=:all: poetry install --no-root
RUN pip install git+https://github.com/a/b.git
RUN ["pip", "install", "--only-binary", ":all:", "flask"]
