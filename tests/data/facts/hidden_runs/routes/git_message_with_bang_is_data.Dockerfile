FROM python:3.12
RUN git commit -m 'Fix! pip install docs' --allow-empty
