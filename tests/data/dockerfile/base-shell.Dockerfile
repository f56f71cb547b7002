FROM gate-test/base-shell-bash:legacy
RUN pip install flask
