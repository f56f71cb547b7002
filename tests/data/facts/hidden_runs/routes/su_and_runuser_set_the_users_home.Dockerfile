FROM python:3.12
RUN mkdir -p /root/.config/pip && printf '[global]\nonly-binary = :all:\n' > /root/.config/pip/pip.conf
RUN su app -c 'pip install --user flask'
RUN runuser -u app -- pip install --user flask
RUN su -m app -c 'pip install --user flask'
RUN su -c 'pip install flask'
RUN su root -c 'pip install flask'
