FROM python:3.12
WORKDIR /appÿ
RUN cd sub && pip install -e .
