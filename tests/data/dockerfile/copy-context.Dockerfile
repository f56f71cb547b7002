FROM python:3.12
WORKDIR /app
COPY requirements.txt .
COPY pip.conf /etc/pip.conf
COPY sub/ ./sub/
COPY . /all/
COPY logo.bin /app/logo.bin
COPY missing.txt ./
ADD https://example.com/constraints.txt /app/constraints.txt
RUN pip install -r requirements.txt
