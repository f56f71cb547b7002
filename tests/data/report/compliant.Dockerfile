FROM python:3.12-slim
RUN pip install --only-binary :all: -r requirements.txt
