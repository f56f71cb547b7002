FROM python:3.12
ARG SRC
RUN ln -sf "$SRC" /app/r.txt && pip install --only-binary :all: -r /app/r.txt
RUN echo flask > /tmp/r.txt && ln -sf "$SRC" /tmp/r.txt && pip install --only-binary :all: -r /tmp/r.txt
RUN ln -s "$SRC" /usr/local/bin/ && pip install --only-binary :all: flask
