FROM python:3.12
RUN pipx run --pip-args=--only-binary=:all: pip==23.2 install evil
RUN pipx run --pip-args=--only-binary=:all: 'pip>=23' install evil
RUN pipx run --pip-args=--only-binary=:all: pip[extra] install evil
RUN pipx run --pip-args=--only-binary=:all: PIP install evil
RUN pipx run --pip-args=--only-binary=:all: black==23.1 .
RUN pipx run --pip-args=--only-binary=:all: --spec pip==23 pip install --only-binary=:all: ok
