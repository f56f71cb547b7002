FROM python:3.12
RUN echo 'pip install flask' | sh -n +n
