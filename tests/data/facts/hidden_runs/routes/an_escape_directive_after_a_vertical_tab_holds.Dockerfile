#escape=`
FROM python:3.12
RUN echo \
# a comment line, then a RUN of its own under the backtick escape
RUN pip install flask
