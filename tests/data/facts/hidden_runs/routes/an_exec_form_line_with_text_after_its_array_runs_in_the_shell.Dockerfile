FROM python:3.12
RUN ["echo", "ok"]; pip install flask
RUN ["pip", "install", "--only-binary", ":all:", "numpy"] # then the shell runs it
RUN ["pip", "install", "--only-binary", ":all:", "numpy"]
RUN ["pip", "install", "flask"] || true
