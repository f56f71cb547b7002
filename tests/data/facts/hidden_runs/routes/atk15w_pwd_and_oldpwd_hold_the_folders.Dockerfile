# bash and dash set $PWD at start-up and $PWD/$OLDPWD at every cd (pushd, popd); a value the
# script gives them holds until the next move, and bash's `~+`, `~-` and `cd -` read them.
# Measured with bash 5.2 and dash (a fake pip printing the file): 19-25 read /app/r.txt
# (`--no-binary :all:`); 27-29 read flask. Was: $PWD/$OLDPWD a base image's unknown value (the
# file not found, silent), `~+`/`~-`/`cd -` the folders, not the values the script gave, and a
# value assigned before a cd kept (28, 29 denied).
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
flask
EOF
COPY <<'EOF' /app/r.txt
--no-binary :all:
EOF
COPY <<'EOF' /srv/r.txt
flask
EOF
SHELL ["/bin/bash", "-c"]
WORKDIR /app
RUN pip install --only-binary :all: -r $PWD/r.txt
WORKDIR /
RUN cd /app; pip install --only-binary :all: -r ${PWD}/r.txt
RUN cd /app; cd /srv; pip install --only-binary :all: -r $OLDPWD/r.txt
RUN cd /srv; PWD=/app; pip install --only-binary :all: -r ~+/r.txt
RUN cd /srv; OLDPWD=/app; cd -; pip install --only-binary :all: -r r.txt
RUN cd /srv; OLDPWD=/app; pip install --only-binary :all: -r ~-/r.txt
# Compliant: the folder the shell stands in; a cd after the assignment sets them anew.
RUN cd /srv; pip install --only-binary :all: -r $PWD/r.txt
RUN PWD=/app; cd /srv; pip install --only-binary :all: -r $PWD/r.txt
RUN cd /app; cd /srv; OLDPWD=/srv; cd -; pip install --only-binary :all: -r r.txt
