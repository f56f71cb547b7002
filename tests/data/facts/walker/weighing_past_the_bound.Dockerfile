FROM python:3.12
RUN mkdir -p /srv/x/.config/pip && printf '[global]\ntimeout = 60\n' > /srv/x/.config/pip/pip.conf
USER nobody
RUN pip install --only-binary :all: flask
RUN pip install --only-binary :all: django
