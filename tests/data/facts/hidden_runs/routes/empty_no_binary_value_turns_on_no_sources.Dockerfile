FROM python:3.12
ARG SRC_PKGS=""
RUN pip install --only-binary=:all: --no-binary="${SRC_PKGS}" flask
RUN pip install --only-binary=:all: --no-binary="${SRC_PKGS},six" flask
