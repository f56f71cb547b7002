FROM python:3.12
# gate: ignore=python-build-scripts reason="SEC-9 reviewed"
RUN pip install flask
