FROM python:3.12
ONBUILD ONBUILD RUN pip install flask
ONBUILD FROM alpine
onbuild maintainer me
RUN pip install --only-binary :all: flask
