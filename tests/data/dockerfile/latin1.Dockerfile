FROM python:3.12
# café in Latin-1
RUN pip install x
