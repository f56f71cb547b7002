FROM python:3.12 AS a
RUN echo --no-binary :all: > /r.txt
FROM python:3.12
RUN echo flask > /tmp/r.txt && ln -s /tmp/r.txt /l
COPY <<EOF /l
--no-binary :all:
EOF
RUN pip install --only-binary :all: -r /tmp/r.txt
RUN echo --no-binary :all: > /tmp/m.txt && ln -s /tmp/m.txt /m
COPY <<EOF /m
flask
EOF
RUN pip install --only-binary :all: -r /tmp/m.txt
RUN mkdir -p /tmp/d && echo flask > /tmp/d/keep.txt && ln -s /tmp/d /lf
COPY <<req.txt /lf
--no-binary :all:
req.txt
RUN pip install --only-binary :all: -r /tmp/d/req.txt
RUN echo flask > /tmp/f.txt && ln -s /tmp/f.txt /f
COPY --from=a /r.txt /f
RUN pip install --only-binary :all: -r /tmp/f.txt
RUN ln -s /opt/conf /g
COPY <<g.txt /g
--no-binary :all:
g.txt
RUN pip install --only-binary :all: -r /opt/conf
RUN pip install --only-binary :all: -r /opt/conf/g.txt
FROM python:3.12 AS b
RUN mkdir -p /d && echo --no-binary :all: > /d/r.txt
FROM python:3.12
RUN mkdir -p /srv/real && echo flask > /srv/real/keep.txt && ln -s /srv/real /srv/app
COPY --from=b /d /srv/app
RUN pip install --only-binary :all: -r /srv/real/r.txt
RUN pip install --only-binary :all: -r /srv/real/keep.txt
