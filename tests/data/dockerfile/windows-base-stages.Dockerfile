FROM python:3.12-windowsservercore-ltsc2022 AS base
FROM base
RUN pip install inherited
SHELL ["powershell", "-Command"]
RUN $env:PIP_ONLY_BINARY = ":all:"; pip install flask
