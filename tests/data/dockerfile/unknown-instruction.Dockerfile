FROM python:3.12-slim
RUNN pip install flask
RUN pip install --only-binary :all: requests
