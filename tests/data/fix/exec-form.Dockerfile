FROM python:3.12
RUN [ "uv", "pip", "install", "--system", "x" ]
RUN ["/bin/sh", "-c", "pip install y"]
RUN --network=none ["pip", "download", "-d", "/w", "z"]
RUN ["poetry", "install"]
