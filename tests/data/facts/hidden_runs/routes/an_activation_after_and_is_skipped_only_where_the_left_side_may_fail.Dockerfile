FROM python:3.12-slim
WORKDIR /app
RUN python -m venv v && printf '[global]\nonly-binary = :all:\n' > v/pip.conf
RUN [ -d v ] || python -m venv v && . v/bin/activate; pip install x
RUN [ -d v ] || python3 -m venv --without-pip "$V" && . v/bin/activate; pip install x
RUN python -m venv v && . v/bin/activate; pip install x
RUN [ -d v ] && . v/bin/activate; pip install x
RUN [ -d v ] || python -m venv v && [ -n "$A" ] && . v/bin/activate; pip install x
RUN [ -d w ] || python -m venv w && . w/bin/activate; pip install x
RUN [ -d v ] || false && . v/bin/activate; pip install x
RUN python -m venv v || true && . v/bin/activate; pip install x
RUN curl -fsS https://example.com/ok && . v/bin/activate; pip install x
RUN $PY -m venv v && . v/bin/activate; pip install x
RUN [ -d v ] || python -m venv v && printf '[global]\nno-binary = :all:\n' > v/pip.conf; . v/bin/activate; pip install x
RUN [ -d v ] && printf '[global]\nno-binary = :all:\n' > v/pip.conf; . v/bin/activate; pip install x
