FROM python:3.12
COPY --from=ghcr.io/x/y:1 /env.sh /env.sh
RUN . /env.sh && pip install --only-binary :all: flask
RUN . /env.sh && pip install flask
ADD https://x.example/env.sh /e2.sh
RUN . /e2.sh && pip install --only-binary :all: flask
RUN pip install --only-binary :all: flask && . /e2.sh
RUN . /e2.sh && echo hi
