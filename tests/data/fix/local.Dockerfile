FROM python:3.12
COPY . /app
RUN pip install /app
RUN pip install -e . flask
RUN uv pip install --system ./app
