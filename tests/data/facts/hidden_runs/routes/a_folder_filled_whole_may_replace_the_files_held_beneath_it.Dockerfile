FROM alpine/git AS src
RUN git clone https://github.com/example/app /src
FROM python:3.12
COPY <<EOF /app/requirements.txt
flask
EOF
RUN pip install --only-binary :all: -r /app/requirements.txt
ADD https://github.com/example/app.git /app
RUN pip install --only-binary :all: -r /app/requirements.txt
COPY <<EOF /srv/requirements.txt
flask
EOF
ADD --unpack=true https://example.com/app.tar.gz /srv/
RUN pip install --only-binary :all: -r /srv/requirements.txt
COPY <<EOF /opt/requirements.txt
flask
EOF
COPY --from=src /src/ /opt/
RUN pip install --only-binary :all: -r /opt/requirements.txt
COPY <<EOF /usr/src/requirements.txt
flask
EOF
COPY --from=example/image:1 /app/ /usr/src/
RUN pip install --only-binary :all: -r /usr/src/requirements.txt
COPY <<EOF /usr/src/requirements.txt
flask
EOF
RUN pip install --only-binary :all: -r /usr/src/requirements.txt
