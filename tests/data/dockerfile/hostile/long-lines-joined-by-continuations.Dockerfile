FROM python:3.12
RUN echo @HALF@ \
  && echo @HALF@ \
  && pip install flask
