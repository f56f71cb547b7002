FROM python:3.12
RUN echo hi
RUN echo @LONG@
RUN pip install flask
