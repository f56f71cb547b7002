FROM python:3.12
RUN time PIP_ONLY_BINARY=:all: pip install flask
RUN time -p PIP_ONLY_BINARY=:all: pip install flask | tee /tmp/log
RUN time PIP_ONLY_BINARY=:all: PIP_NO_BINARY=flask pip install flask
RUN time PIP_ONLY_BINARY=$X pip install flask
RUN time pip install flask
RUN sudo time PIP_ONLY_BINARY=:all: pip install flask
