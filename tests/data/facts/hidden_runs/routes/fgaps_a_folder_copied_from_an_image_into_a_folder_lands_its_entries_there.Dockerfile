FROM python:3.12 AS b
FROM python:3.12
COPY --from=img /app /srv/
RUN pip install --only-binary :all: -r /srv/requirements.txt
RUN pip install --only-binary :all: -r /srv/app/requirements.txt
COPY --from=img /app/. /srv3/
RUN pip install --only-binary :all: -r /srv3/requirements.txt
COPY --from=b /opt/app /srv5/
RUN pip install --only-binary :all: -r /srv5/requirements.txt
COPY --from=b /opt/app /srv5/
RUN pip install --only-binary :all: -r /srv5/app/requirements.txt
COPY --parents --from=img /a/./b /srv6/
RUN pip install --only-binary :all: -r /srv6/b/requirements.txt
COPY --from=img /uv /uvx /bin/
RUN uv pip install --system --only-binary :all: flask
COPY --from=img /cfg /etc/
RUN pip install --only-binary :all: flask
COPY --from=img /cfg/pip.conf /etc/
RUN pip install --only-binary :all: flask
