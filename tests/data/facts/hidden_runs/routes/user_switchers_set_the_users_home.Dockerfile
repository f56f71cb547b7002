FROM python:3.12 AS base
RUN useradd -m app && mkdir -p /home/app/.config/pip && printf '[global]\nonly-binary = :all:\n' > /home/app/.config/pip/pip.conf
FROM base AS s0
RUN gosu app pip install flask
FROM base AS s1
RUN su-exec app:app pip install flask
FROM base AS s2
RUN setpriv --reuid=app --regid=app --init-groups --reset-env pip install flask
FROM base AS s3
RUN setpriv --reuid=app --regid=app --init-groups pip install flask
FROM base AS s4
RUN chroot --userspec=app / pip install flask
FROM python:3.12 AS s5
RUN useradd -m app && mkdir -p /root/.config/pip && printf '[global]\nonly-binary = :all:\n' > /root/.config/pip/pip.conf
RUN gosu app pip install flask
RUN su-exec app pip install flask
RUN setpriv --reuid=app --reset-env pip install flask
RUN gosu root pip install flask
