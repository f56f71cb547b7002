FROM --platform=linux/s390x gate-test/base-env-only-binary:legacy
RUN pip install flask
