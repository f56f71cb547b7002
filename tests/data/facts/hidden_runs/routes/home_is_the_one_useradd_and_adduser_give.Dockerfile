FROM python:3.12
RUN useradd -m -d /app app && mkdir -p /app/.config/pip && printf '[global]\nonly-binary = :all:\n' > /app/.config/pip/pip.conf
USER app
RUN pip install --user flask
USER root
RUN su app -c 'pip install --user flask'
RUN runuser -u app -- pip install --user flask
RUN sudo -u app pip install --user flask
RUN useradd --base-dir=/srv web && mkdir -p /srv/web/.pip && printf '[global]\nonly-binary = :all:\n' > /srv/web/.pip/pip.conf
RUN su web -c 'pip install flask'
RUN adduser --home /opt/svc --disabled-password --gecos '' svc && usermod -d /data/svc svc
RUN mkdir -p /opt/svc/.config/pip && printf '[global]\nonly-binary = :all:\n' > /opt/svc/.config/pip/pip.conf
RUN su svc -c 'pip install flask'
RUN echo 'tool:x:1500:1500::/tool:/bin/sh' >> /etc/passwd && mkdir -p /tool/.config/pip && printf '[global]\nonly-binary = :all:\n' > /tool/.config/pip/pip.conf
USER 1500
RUN pip install flask
USER root
RUN useradd -d /elsewhere app2 && mkdir -p /home/app2/.config/pip && printf '[global]\nonly-binary = :all:\n' > /home/app2/.config/pip/pip.conf
USER app2
RUN pip install flask
USER root
RUN adduser -D -h /bb bb && mkdir -p /bb/.config/pip && printf '[global]\nonly-binary = :all:\n' > /bb/.config/pip/pip.conf && su bb -c 'pip install flask'
