FROM python:3.12-slim
RUN pdm self add pdm-backend
RUN pdm self update
RUN pdm self add --pip-args '--only-binary=:all:' pdm-backend
RUN pdm self list
RUN pipx upgrade-shared
RUN pipx upgrade-shared --pip-args='--only-binary=:all:'
RUN poetry bundle venv --only=main /venv
RUN PIP_ONLY_BINARY=:all: pdm self update
RUN python3 -m venv --upgrade-deps /opt/venv
RUN python3 -m venv --upgrade /opt/venv
RUN PIP_ONLY_BINARY=:all: python3 -m venv --upgrade-d /opt/venv
