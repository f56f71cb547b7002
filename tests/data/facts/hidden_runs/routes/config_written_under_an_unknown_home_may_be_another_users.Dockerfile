FROM python:3.12
USER nobody
RUN pip config --user set global.only-binary :all:
RUN pip install flask
USER 4242
RUN pip install flask
RUN pip install --only-binary :all: flask
USER root
RUN pip install six
