FROM python:3.12-slim
COPY <<EOF /reqs/a/requirements.txt
--only-binary :all:
requests
EOF
COPY <<EOF /reqs/b/requirements.txt
--no-binary :all:
lxml
EOF
COPY <<EOF /ok/a/requirements.txt
--only-binary :all:
flask
EOF
COPY <<EOF /ok/c/requirements.txt
--only-binary :all:
flask
EOF
RUN find /reqs -mindepth 1 -maxdepth 1 -type d -exec pip install -r {}/requirements.txt \;
RUN find /ok -mindepth 1 -maxdepth 1 -type d -exec pip install -r {}/requirements.txt \;
RUN find /ok -mindepth 1 -type d -execdir pip install -r {}/requirements.txt \;
RUN find /ok /reqs -mindepth 1 -maxdepth 1 -type d -name b -exec pip install -r {}/requirements.txt \;
RUN find /ok -type d -exec pip install --only-binary :all: -r {}/requirements.txt \;
RUN find /ok -name a -prune -o -type d -mindepth 1 -exec pip install -r {}/requirements.txt \;
RUN find /ok -prune -exec pip install -r {}/a/requirements.txt \;
RUN find /ok -exec pip install -r {} \;
RUN find /reqs -exec pip install -r {} \;
