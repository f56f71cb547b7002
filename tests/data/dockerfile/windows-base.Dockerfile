FROM python:3.12-windowsservercore-ltsc2022
RUN pip install flask
RUN $env:PIP_ONLY_BINARY = ':all:'; pip install requests
