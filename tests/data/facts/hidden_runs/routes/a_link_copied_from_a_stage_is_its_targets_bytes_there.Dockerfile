FROM python:3.12 AS a
RUN echo --no-binary :all: > /tmp/r && ln -s /tmp/r /app/l && echo flask > /tmp/ok && ln -s /tmp/ok /app/k
FROM python:3.12 AS b
COPY --from=a /app/l /r.txt
RUN pip install --only-binary :all: -r /r.txt
RUN echo --no-binary :all: > /tmp/ok
COPY --from=a /app/k /k.txt
RUN pip install --only-binary :all: -r /k.txt
FROM python:3.12 AS c
RUN mkdir -p /d && echo --no-binary :all: > /d/r.txt && ln -s /d /dl
FROM python:3.12
COPY --from=c /dl/r.txt /c.txt
RUN pip install --only-binary :all: -r /c.txt
COPY --from=c /dl /e
RUN pip install --only-binary :all: -r /e/r.txt
