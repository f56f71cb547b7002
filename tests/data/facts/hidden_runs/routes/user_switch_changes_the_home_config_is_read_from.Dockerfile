FROM python:3.12 AS a
RUN pip config set global.only-binary :all:
RUN useradd -m app
USER app
RUN pip install --user flask
FROM python:3.12 AS b
RUN useradd -m app
USER app
RUN pip config set global.only-binary :all:
RUN pip install --user flask
FROM python:3.12 AS c
RUN pip config set global.only-binary :all:
USER app
USER root
RUN pip install flask
FROM python:3.12 AS d
ENV HOME=/root
RUN pip config set global.only-binary :all:
USER app
RUN pip install flask
FROM python:3.12 AS e
RUN pip config set global.only-binary :all:
USER 1000
RUN pip install flask
FROM a AS f
RUN pip install flask
