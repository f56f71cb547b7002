FROM python:3.12
RUN PATH=/nowhere; /usr/local/bin/pip install --no-binary $(echo six | tr a b) --only-binary=:all: evil
RUN /usr/local/bin/pip install --no-binary $(echo six | tr a b) --only-binary=:all: evil
