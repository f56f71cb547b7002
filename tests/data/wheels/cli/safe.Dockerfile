FROM --platform=linux/amd64 python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
