FROM python:3.12
RUN poetry run pip-compile requirements.in
RUN uvx --no-build pip-compile requirements.in
RUN uvx --no-build --from pip-tools pip-sync requirements.txt
RUN pipx run --pip-args=--only-binary=:all: --spec pip-tools pip-compile requirements.in
RUN pdm run pip-sync requirements.txt
