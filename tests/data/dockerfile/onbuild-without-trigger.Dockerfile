FROM python:3.12
ONBUILD
RUN pip install --only-binary :all: flask
