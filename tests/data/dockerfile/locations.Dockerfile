FROM python:3.12

RUN pip install \
    flask

FROM python:3.12 AS Named
RUN pip install x
