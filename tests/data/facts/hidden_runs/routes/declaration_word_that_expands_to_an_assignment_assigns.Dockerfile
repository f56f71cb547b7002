# `export "$N=v"`, `declare "$1=v"`, `local "$1=v"`, `readonly "$N=v"`, `export "X=v"`: a word that is NAME=VALUE once expanded assigns (bash 5.2, dash 0.5.12, busybox 1.35).
FROM python:3.12-slim
RUN N=O; O=--only-binary; export "$N=--no-binary"; pip install $O :all: flask
RUN N=O; O=--only-binary; readonly "$N=--no-binary"; pip install $O :all: flask
RUN f() { local "$1=--no-binary"; pip install $O :all: flask; }; O=--only-binary; f O
RUN export "PIP_ONLY_BINARY=:all:"; pip install flask
SHELL ["/bin/bash", "-c"]
RUN f() { declare -g "$1=--no-binary"; }; O=--only-binary; f O; pip install $O :all: flask
RUN N=O; O=--only-binary; declare "$N=--no-binary"; pip install $O :all: flask
