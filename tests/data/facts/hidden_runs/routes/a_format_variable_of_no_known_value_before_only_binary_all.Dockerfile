FROM python:3.12
ARG X
ENV PIP_NO_BINARY=$X
RUN pip install --only-binary :all: flask
RUN PIP_ONLY_BINARY=$X pip install --only-binary :all: flask
RUN pip install --only-binary flask flask
RUN pip install flask
RUN pip install --only-binary :all: --no-binary :none: flask
RUN PIP_ONLY_BINARY=$X PIP_NO_BINARY= pip install flask
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf && PIP_ONLY_BINARY=$X PIP_NO_BINARY= pip install flask
