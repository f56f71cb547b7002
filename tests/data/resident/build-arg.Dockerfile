FROM python:3.12
ARG PKGS
RUN pip install $PKGS
