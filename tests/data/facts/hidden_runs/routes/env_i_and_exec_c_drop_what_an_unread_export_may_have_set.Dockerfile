FROM python:3.12-slim
COPY .env /app/.env
RUN export $(cat /app/.env) && pip install --only-binary :all: flask
RUN export $(cat /app/.env) && env -i pip install --only-binary :all: flask
RUN export $(cat /app/.env) && env -i PATH=/usr/local/bin pip install --only-binary :all: flask
RUN export $(cat /app/.env) && exec -c pip install --only-binary :all: flask
RUN export $(cat /app/.env) && sh -c 'pip install --only-binary :all: flask'
RUN export $(cat /app/.env) && env -i sh -c 'pip install --only-binary :all: flask'
RUN export $(cat /app/.env) && env -u PIP_NO_BINARY pip install --only-binary :all: flask
RUN export $(cat /app/.env) && sudo pip install --only-binary :all: flask
RUN export $(cat /app/.env) && sudo --preserve-env=PIP_NO_BINARY pip install --only-binary :all: flask
RUN export $(cat /app/.env) && sudo -E pip install --only-binary :all: flask
RUN export $(cat /app/.env) && su -l -w PIP_NO_BINARY -c 'pip install --only-binary :all: flask' app
RUN export $(cat /app/.env) && su -l -c 'pip install --only-binary :all: flask' app
RUN export $(cat /app/.env) && bash -c 'exec -c pip install --only-binary :all: flask'
