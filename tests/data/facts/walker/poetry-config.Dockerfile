FROM python:3.12
RUN poetry config installer.only-binary :all:
RUN poetry install
