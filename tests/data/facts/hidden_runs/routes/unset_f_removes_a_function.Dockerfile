FROM python:3.12-slim
RUN pip() { command pip install --only-binary :all: lxml; }; pip install lxml
RUN pip() { command pip install --only-binary :all: lxml; }; unset -f pip; pip install lxml
SHELL ["/bin/bash", "-c"]
RUN pip() { command pip install --only-binary :all: lxml; }; unset pip; pip install lxml
