FROM gate-test/base-env-only-binary:legacy
RUN pip install flask
