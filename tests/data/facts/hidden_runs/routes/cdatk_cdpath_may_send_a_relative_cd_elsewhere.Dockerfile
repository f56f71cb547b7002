# bash, dash and busybox look a folder name not starting with `/`, `./` or `../` up in $CDPATH
# first (measured: `CDPATH=/ cd app` from /b goes to /app where it exists, pushd too); which
# entry holds it is not known here. Was: ./app taken, a silent pass.
FROM python:3.12-slim AS s0
COPY <<'EOF' /app/requirements.txt
flask
EOF
COPY <<'EOF' /b/app/requirements.txt
--only-binary :all:
flask
EOF
WORKDIR /b
RUN CDPATH=/ cd app; pip install -r requirements.txt
RUN CDPATH=/; cd app && pip install -r requirements.txt
RUN export CDPATH=/; pushd app; pip install -r requirements.txt
RUN CDPATH=/:/b; cd app; pip install -r requirements.txt
RUN CDPATH=/; cd ./app; pip install -r requirements.txt
RUN CDPATH=/; cd /b/app; pip install -r requirements.txt
RUN CDPATH=; cd app; pip install -r requirements.txt
RUN CDPATH=/; unset CDPATH; cd app; pip install -r requirements.txt
RUN cd app; pip install -r requirements.txt
FROM s0 AS s1
ENV CDPATH=/
RUN cd app && pip install -r requirements.txt
