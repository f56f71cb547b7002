FROM python:3.12
FROOM x
RUN curl -sSL https://install.python-poetry.org | python3 -
