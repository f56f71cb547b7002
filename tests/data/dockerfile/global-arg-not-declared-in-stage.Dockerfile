ARG OPTS="--only-binary :all:"
ARG EXTRA=--no-deps
ARG FROM_BASE
ARG HTTP_PROXY
FROM base:read
RUN pip install $OPTS flask
RUN pip install --only-binary :all: $EXTRA flask
RUN pip install --only-binary :all: $FROM_BASE flask
RUN pip install --only-binary :all: $HTTP_PROXY flask
ARG OPTS
RUN pip install $OPTS flask
FROM base:read AS child
RUN pip install --only-binary :all: $EXTRA flask
FROM child
RUN pip install --only-binary :all: $EXTRA flask
FROM base:unread
RUN pip install --only-binary :all: $EXTRA flask
FROM base:failed
RUN pip install --only-binary :all: $EXTRA flask
