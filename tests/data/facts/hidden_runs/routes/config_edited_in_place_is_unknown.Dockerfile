FROM python:3.12 AS a
RUN pip config --global set global.only-binary :all:
RUN sed -i 's/:all:$/:none:/' /etc/pip.conf
RUN pip install flask
FROM python:3.12 AS b
RUN pip config --global set global.only-binary :all:
RUN sed -Ei.bak -e 's/x/y/' /etc/pip.conf && pip install flask
FROM python:3.12 AS c
RUN pip config --global set global.only-binary :all:
RUN perl -pi -e 's/all/none/' /etc/pip.conf && pip install flask
FROM python:3.12 AS d
RUN pip config --global set global.only-binary :all:
RUN sed 's/all/none/' /etc/pip.conf > /tmp/x && sed -n p /etc/pip.conf && pip install flask
