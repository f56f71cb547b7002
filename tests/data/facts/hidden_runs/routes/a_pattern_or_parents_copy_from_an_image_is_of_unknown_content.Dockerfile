FROM python:3.12
COPY --from=example/img /reqs/*.txt /app/
RUN pip install --only-binary :all: -r /app/requirements.txt
COPY --from=example/img /cfg/*.conf /etc/
RUN pip install --only-binary :all: flask
FROM python:3.12
COPY --parents --from=example/img /a/b/r.txt /dst/
RUN pip install --only-binary :all: -r /dst/a/b/r.txt
COPY --from=example/img /bin/u* /usr/local/bin/
RUN pip install --only-binary :all: flask
COPY --from=example/img /wheels/*.whl /wheels/
RUN pip install --only-binary :all: /wheels/*.whl
