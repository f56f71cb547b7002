FROM python:3.12
ARG W
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf
WORKDIR $W
RUN --mount=type=tmpfs,target=etc pip install flask
RUN --mount=type=cache,target=.config/pip pip install --only-binary :all: flask
RUN --mount=type=cache,target=/root/.cache/pip pip install --only-binary :all: flask
WORKDIR /app
RUN --mount=type=cache,target=cache pip install --only-binary :all: flask
WORKDIR $W
WORKDIR sub
RUN --mount=type=cache,target=.config/pip pip install --only-binary :all: flask
