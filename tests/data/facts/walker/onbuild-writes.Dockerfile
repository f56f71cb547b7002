FROM python:3.12
ONBUILD RUN echo '[global]' > /etc/pip.conf && echo 'only-binary = :all:' >> /etc/pip.conf
RUN pip install flask
