# dash, busybox ash and bash as sh keep `A=1` given to a special builtin (`:`, export, set, shift, trap, readonly, unset, exec alone, return, break); bash does not, nor any shell for `true`/`command :`.
FROM python:3.12-slim
RUN O=--only-binary; O=--no-binary :; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary export Z; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary set --; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary shift 0; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary trap - USR1; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary readonly Z; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary exec; pip install $O :all: flask
RUN O=--only-binary; f() { O=--no-binary return; }; f; pip install $O :all: flask
RUN O=--only-binary; for i in 1; do O=--no-binary break; done; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary true; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary command :; pip install $O :all: flask
RUN O=--only-binary; O=--no-binary unset O; pip install $O :all: flask
SHELL ["/bin/bash", "-c"]
RUN O=--only-binary; O=--no-binary :; pip install $O :all: flask
RUN set -o posix; O=--only-binary; O=--no-binary :; pip install $O :all: flask
RUN O=--only-binary; set -o posix; O=--no-binary eval true; pip install $O :all: flask
RUN POSIXLY_CORRECT=1; O=--only-binary; O=--no-binary export Z; pip install $O :all: flask
RUN bash --posix -c 'O=--only-binary; O=--no-binary :; pip install $O :all: flask'
