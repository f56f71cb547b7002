FROM python:3.12
RUN mkdir -p /tmp/d && ln -s /tmp/d /app
RUN echo --no-binary :all: > /tmp/d/r.txt
RUN pip install --only-binary :all: -r /app/r.txt
RUN echo --no-binary :all: > /app/s.txt && pip install --only-binary :all: -r /tmp/d/s.txt
RUN echo flask > /tmp/d/t.txt && rm /app/t.txt && echo flask > /tmp/t2 && pip install --only-binary :all: -r /tmp/d/t.txt
COPY <<EOF /srv/app/keep.txt
flask
EOF
RUN ln -s /tmp/d /srv/app && echo --no-binary :all: > /srv/app/keep.txt && pip install --only-binary :all: -r /tmp/d/keep.txt
RUN echo flask > /tmp/u.txt && pip install --only-binary :all: -r /tmp/u.txt
COPY <<EOF /app/c.txt
--no-binary :all:
EOF
RUN pip install --only-binary :all: -r /tmp/d/c.txt
