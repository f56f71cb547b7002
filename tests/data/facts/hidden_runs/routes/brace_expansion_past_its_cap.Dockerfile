FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN pip install --only-binary :all: flask{1..100000000}
RUN pip {install,x}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b} --only-binary :all: flask
RUN {pip,x}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b} install --only-binary :all: flask
RUN echo {1..100000000}
