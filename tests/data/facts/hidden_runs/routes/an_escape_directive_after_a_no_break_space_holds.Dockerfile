# escape = `
FROM python:3.12
RUN echo \
# a comment line
RUN pip install flask
