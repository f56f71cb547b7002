FROM python:3.12
ONBUILD RUN echo 'pip install flask' > /tmp/i.sh
ONBUILD RUN sh /tmp/i.sh
