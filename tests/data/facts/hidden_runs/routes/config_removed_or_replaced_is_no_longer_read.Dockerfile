FROM python:3.12 AS a
RUN pip config --global set global.only-binary :all:
RUN rm /etc/pip.conf
RUN pip install flask
FROM python:3.12 AS b
RUN pip config --global set global.only-binary :all:
RUN mv /etc/pip.conf /tmp/ && pip install flask
FROM python:3.12 AS c
RUN pip config --global set global.only-binary :all:
RUN cp /dev/null /etc/pip.conf && pip install flask
FROM python:3.12 AS d
RUN pip config --global set global.only-binary :all:
RUN truncate -s 0 /etc/pip.conf && pip install flask
FROM python:3.12 AS e
RUN pip config --global set global.only-binary :all:
RUN rm -rf /etc/* && pip install flask
FROM python:3.12 AS f
ARG X
RUN pip config --global set global.only-binary :all:
RUN if [ -n "$X" ]; then rm -f /etc/pip.conf; fi; pip install flask
FROM python:3.12 AS g
RUN pip config --global set global.only-binary :all:
RUN rm -f /etc/other.conf && mv /tmp/a /tmp/b && pip install flask
