ARG EXTRA=--no-deps
FROM base:read
ARG "EXTRA"
RUN pip install --only-binary :all: $EXTRA flask
FROM base:read
ARG N=EXTRA
ARG $N
RUN pip install --only-binary :all: $EXTRA flask
FROM base:read
ARG N
ARG $N
RUN pip install --only-binary :all: $EXTRA flask
FROM base:read
RUN pip install --only-binary :all: $EXTRA flask
