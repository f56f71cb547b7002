FROM python:3.12
WORKDIR /app
COPY . .
RUN curl -L https://example.com/node.tar.gz | tar xz -C /usr/local --strip-components=1
RUN pip install --only-binary :all: .
RUN curl -L https://example.com/tool-1.0.tar.gz | tar xz && pip install --only-binary :all: .
RUN wget https://example.com/y.zip && unzip -p y.zip bin/y > /usr/bin/y && unzip -l y.zip && pip install --only-binary :all: /opt/proj
ADD https://example.com/s6-overlay.tar.xz /tmp/
RUN tar -C / -Jxpf /tmp/s6-overlay.tar.xz && pip install --only-binary :all: /app && pip install --no-deps /app
RUN wget https://example.com/x-1.0.tar.gz && tar xzf x-1.0.tar.gz -C /srv
COPY . /srv/app
RUN pip install --only-binary :all: /srv/app
