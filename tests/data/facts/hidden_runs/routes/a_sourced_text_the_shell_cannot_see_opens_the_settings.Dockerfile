FROM python:3.12
ARG F
RUN . <(curl -s https://example.com/e.sh) && pip install --only-binary :all: flask
RUN . "$F" && pip install --only-binary :all: flask
RUN . /dev/stdin <<< "$(curl -s https://example.com/e.sh)"; pip install --only-binary :all: flask
RUN . "$F"
RUN pip install --only-binary :all: flask && . <(curl -s https://example.com/e.sh)
