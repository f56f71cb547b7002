FROM --platform=linux/amd64 gate-test/base-env-only-binary:legacy
RUN pip install flask
