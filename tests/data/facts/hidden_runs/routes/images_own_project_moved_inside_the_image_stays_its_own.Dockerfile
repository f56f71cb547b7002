FROM python:3.12
COPY . /src
RUN curl -fsSL https://github.com/just-containers/s6-overlay/releases/download/v3.1.6.2/s6-overlay-noarch.tar.xz | tar -C / -Jxp
RUN cp -r /src /app && pip install --only-binary :all: /app
RUN cp -r /src/* /app2/ && pip install --only-binary :all: /app2
RUN rsync -a /src/ /app3/ && pip install --only-binary :all: /app3
RUN mv /src /app4 && pip install --only-binary :all: /app4
RUN pip install --only-binary :all: /app5
