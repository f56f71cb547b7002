FROM python:3.12 AS a
RUN mkdir -p /app && echo flask > /app/r && echo --no-binary :all: > /srv/r && cd /app && ln -s r l && mv /app/l /srv/l && pip install --only-binary :all: -r /srv/l
RUN echo flask > /opt/r2 && echo --no-binary :all: > /var/r2 && ln -s r2 /opt/l2 && cp -a /opt/l2 /var/l2 && pip install --only-binary :all: -r /var/l2
RUN echo --no-binary :all: > /opt/r3 && ln -s /opt/r3 /opt/l3 && mv /opt/l3 /var/l3 && pip install --only-binary :all: -r /var/l3
RUN mkdir -p /p && echo flask > /p/r4 && ln -s r4 /p/l4
FROM python:3.12
COPY --from=a /p /q
RUN echo --no-binary :all: > /q/r4 && pip install --only-binary :all: -r /q/l4
