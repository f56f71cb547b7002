FROM python:3.12
COPY --from=python:3.12 /etc/pip.conf /etc/
RUN pip install --only-binary :all: flask
RUN pip install flask
RUN pip install --isolated --only-binary :all: flask
