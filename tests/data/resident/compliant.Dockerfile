FROM python:3.12
RUN pip install --only-binary :all: requests==2.32.3
