FROM python:3.12
RUN mkdir -p /srv/app/.config/pip && printf '[global]\nonly-binary = :all:\n' > /srv/app/.config/pip/pip.conf
USER nobody
RUN pip install flask
RUN pip install --only-binary :all: flask
USER root
RUN adduser --system svc && su svc -c 'pip install flask'
RUN useradd -d "$HOMEDIR" x && su x -c 'pip install flask'
USER 4242
RUN pip install flask
FROM python:3.12
RUN mkdir -p /srv/x/.config/pip && printf '[global]\ntimeout = 60\n' > /srv/x/.config/pip/pip.conf
USER nobody
RUN pip install flask
RUN pip install --only-binary :all: flask
