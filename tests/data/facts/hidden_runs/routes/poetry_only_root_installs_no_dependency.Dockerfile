FROM python:3.12
RUN pip install --only-binary :all: poetry
RUN poetry install --only-root
RUN poetry install --no-root
