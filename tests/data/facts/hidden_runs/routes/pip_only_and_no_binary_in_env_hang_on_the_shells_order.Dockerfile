FROM python:3.12
ENV PIP_ONLY_BINARY=:all: PIP_NO_BINARY=:all:
RUN pip install flask
RUN PIP_NO_BINARY=flask pip install flask
RUN PIP_NO_BINARY= pip install flask
RUN pip install --only-binary :all: flask
RUN PIP_ONLY_BINARY=:none: pip install flask
RUN PIP_ONLY_BINARY=flask pip install flask
RUN bash -c 'pip install flask'
RUN dash -c 'pip install flask'
RUN ash -c 'pip install flask'
RUN dash -c 'nohup nice pip install flask'
RUN dash -c 'env A=1 pip install flask'
RUN bash -c 'PIP_NO_BINARY=:none: pip install flask'
RUN time PIP_NO_BINARY=flask pip install flask
SHELL ["/bin/bash", "-c"]
RUN pip install flask
SHELL ["/bin/dash", "-c"]
RUN pip install flask
RUN ["pip", "install", "flask"]
RUN ["bash", "-c", "pip install flask"]
