FROM python:3.12
SHELL /bin/bash -c
