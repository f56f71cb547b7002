# check=skip=all
# escape=`
FROM python:3.12
RUN echo start \
RUN pip install flask
RUN pip install --only-binary :all: `
    flask
