# bash 5.2: declare -n (nameref), -l/-u (case) and -i attributes act on every later assignment: `R=…`, read, printf -v, for, export, a local -n to $1.
FROM python:3.12-slim
SHELL ["/bin/bash", "-c"]
RUN O=--only-binary; declare -n R=O; R=--no-binary; pip install $O :all: flask
RUN declare -l X; X=--NO-BINARY; pip install --only-binary :all: $X :all: flask
RUN declare -u X; X=--no-binary; pip install --only-binary :all: $X :all: flask
RUN declare -l X; read X <<< --NO-BINARY; pip install --only-binary :all: $X :all: flask
RUN O=--only-binary; declare -n R=O; read R <<< --no-binary; pip install $O :all: flask
RUN O=--only-binary; declare -n R=O; printf -v R %s --no-binary; pip install $O :all: flask
RUN O=--only-binary; f() { local -n L=$1; L=--no-binary; }; f O; pip install $O :all: flask
RUN O=--only-binary; declare -n R; R=O; R=--no-binary; pip install $O :all: flask
RUN O=--only-binary; declare -n R=$Z; R=--no-binary; pip install $O :all: flask
RUN declare -i X; X=--only-binary; pip install flask $X :all:
RUN declare -l X; declare +l X; X=--NO-BINARY; pip install --only-binary :all: $X :all: flask
RUN O=--only-binary; f() { local -n L=O; }; f; L=--no-binary; pip install $O :all: flask
RUN declare -l X; X=--NO-BINARY; pip install --only-binary :all: flask
RUN declare -l X; for X in --NO-BINARY; do pip install --only-binary :all: $X :all: flask; done
RUN O=--only-binary; declare -n R=O; export R=--no-binary; pip install $O :all: flask
RUN O=--only-binary; declare -n R=R; R=--no-binary; pip install $O :all: flask
RUN O=--only-binary; declare -n R=1abc; R=--no-binary; pip install $O :all: flask
