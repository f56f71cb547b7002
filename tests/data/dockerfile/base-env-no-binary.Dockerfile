FROM gate-test/base-env-no-binary:legacy
RUN pip install flask
