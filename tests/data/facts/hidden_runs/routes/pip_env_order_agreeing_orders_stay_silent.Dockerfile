FROM python:3.12
ENV PIP_ONLY_BINARY=:all: PIP_NO_BINARY=:none:
RUN pip install flask
RUN PIP_NO_BINARY=:all: pip install --only-binary :all: flask
