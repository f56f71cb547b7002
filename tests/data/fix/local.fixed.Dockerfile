FROM python:3.12
COPY . /app
RUN pip install --only-binary :all: /app
RUN pip install --only-binary :all: -e . flask
RUN uv pip install --no-build --system ./app
