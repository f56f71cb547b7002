FROM gate-stub:base
ENV PIP_ONLY_BINARY=:all:
RUN pip install -r /dev/null
RUN uv pip install --system --no-build httpx
RUN ["pip", "install", "--only-binary=:all:", "rich"]
