FROM python:3.12 AS src
RUN curl -L https://github.com/o/lib/archive/v2.tar.gz | tar xz -C /src
FROM python:3.12
COPY --from=src /src/lib-2 /opt/lib
RUN pip install --only-binary :all: /opt/lib
COPY --from=src /src /opt/all
RUN pip install --only-binary :all: /opt/all/lib-2
RUN pip install --only-binary :all: /opt/all/other
RUN cp -r /opt/all/lib-2 /opt/copy && pip install --only-binary :all: -e /opt/copy
