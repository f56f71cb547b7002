# A DEBUG, ERR, RETURN or signal trap may run before any later command, after any reassignment (bash 5.2; USR1 in dash and busybox too): what it sets is unknown there; one that changes nothing, or EXIT, is read as before.
FROM python:3.12-slim
RUN trap 'O=--no-binary' USR1; O=--only-binary; kill -USR1 $$; pip install $O :all: flask
SHELL ["/bin/bash", "-c"]
RUN trap 'O=--no-binary' DEBUG; O=--only-binary; pip install $O :all: flask
RUN trap 'O=--no-binary' ERR; O=--only-binary; false; pip install $O :all: flask
RUN trap 'cd /tmp/x' DEBUG; mkdir -p /tmp/x; printf -- '--no-binary :all:' > /tmp/x/r.txt; cd /; pip install --only-binary :all: -r r.txt
RUN trap 'echo $BASH_COMMAND >/dev/null' DEBUG; pip install --only-binary :all: flask
RUN trap 'echo failed; exit 1' ERR; pip install --only-binary :all: flask
RUN f() { :; }; trap 'O=--no-binary' RETURN; O=--only-binary; f; pip install $O :all: flask
RUN trap 'O=--no-binary' EXIT; O=--only-binary; pip install $O :all: flask
RUN trap 'pip() { command pip "$@" --no-binary :all:; }' DEBUG; pip install --only-binary :all: flask
