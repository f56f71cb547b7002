FROM python:3.12
WORKDIR /app
COPY requirements.txt .
COPY requirements-dev.txt pyproject.toml ./
COPY app/ ./app/
COPY conf /etc/pip.conf
COPY src .
COPY --from=python:3.12 /usr/local/lib /usr/local/lib
