FROM python:3.12
RUN pip install --only-binary :all: flask && pip install django
