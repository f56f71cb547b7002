RUN pip install x
FROM python:3.12
