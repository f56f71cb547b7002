FROM python:3.12-slim
RUN pip() { command pip install --only-binary :all: "$@"; }; unset -v pip; pip lxml
RUN pip() { command pip install --no-binary :all: "$@"; }; unset -v pip; pip lxml
