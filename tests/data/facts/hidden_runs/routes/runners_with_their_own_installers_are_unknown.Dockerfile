FROM python:3.12-slim
WORKDIR /app
COPY <<EOF /app/tasks.py
from invoke import task

@task
def deps(c):
    c.run("pip install -r requirements.txt")
EOF
RUN invoke deps
RUN inv deps
RUN invoke --list
RUN bin/buildout -c buildout.cfg
RUN python3 -S bootstrap-buildout.py && buildout
RUN spack install py-flask
RUN spack find
