FROM python:3.12-slim AS base
ENV PIP_ONLY_BINARY=:all:
ONBUILD ENV PIP_ONLY_BINARY=:none:
ONBUILD RUN echo 'pip install six' > /tmp/i.sh
ONBUILD WORKDIR /srv
ONBUILD COPY <<EOT ./req.txt
--no-binary lxml
EOT
FROM base
RUN pip install flask
RUN sh /tmp/i.sh
RUN pip install --only-binary :all: -r req.txt
FROM base AS again
ENV PIP_ONLY_BINARY=:all:
RUN pip install flask
FROM again
RUN pip install flask
