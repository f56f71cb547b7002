FROM python:3.12
RUN [ "uv", "pip", "install", "--no-build", "--system", "x" ]
RUN ["/bin/sh", "-c", "pip install --only-binary :all: y"]
RUN --network=none ["pip", "download", "--only-binary", ":all:", "-d", "/w", "z"]
RUN ["poetry", "install"]
