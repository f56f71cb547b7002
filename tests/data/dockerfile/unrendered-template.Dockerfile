FROM python:3.12-slim
{{ if .Debug }}
RUN pip install --only-binary :all: requests
{{ end }}
DEF x
