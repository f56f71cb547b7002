FROM python:3.12
COPY <<EOF /app/c.txt
flask @ git+https://github.com/pallets/flask
EOF
COPY <<EOF /app/pins.txt
flask==3.0.0
flask @ https://files.example/flask-3.0.0-py3-none-any.whl
EOF
COPY <<EOF /app/r.txt
-c c.txt
flask
EOF
WORKDIR /app
RUN pip install --only-binary :all: -c c.txt flask
RUN pip install --only-binary :all: -c pins.txt flask
RUN pip install --only-binary :all: -r r.txt
RUN PIP_CONSTRAINT=/app/c.txt pip install --only-binary :all: flask
RUN uv pip install --system --only-binary :all: -c c.txt flask
RUN uv pip install --system --only-binary :all: -c pins.txt flask
