FROM python:3.12
WORKDIR /build
COPY install.sh ./
RUN bash -eux ./install.sh
