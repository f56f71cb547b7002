FROM python:3.12
ARG PKGS
RUN poetry lock
RUN pip install $PKGS
RUN pip install --no-binary :all: flask
RUN pipenv install --deploy
RUN pip install git+https://example.com/a/b.git
