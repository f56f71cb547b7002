FROM python:3.12
RUN pipx run --pip-args=--only-binary=:all: pip install flask
RUN pipx run --pip-args=--only-binary=:all: poetry install
RUN pipx run --pip-args=--only-binary=:all: pip install --only-binary :all: flask
RUN pipx run --pip-args=--only-binary=:all: black --check .
