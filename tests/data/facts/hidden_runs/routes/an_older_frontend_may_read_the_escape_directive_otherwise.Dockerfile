# check=skip=all
# escape=`
FROM python:3.12
RUN echo `
RUN pip install --only-binary :all: flask
RUN printf "[global]\nonly-binary = :all:\n" > /etc/pip.conf
RUN --mount=type=tmpfs,target=/et\c pip install flask
