FROM python:3.12
RUN useradd -m app && mkdir -p /home/app/.config/pip && printf '[global]\nonly-binary = :all:\n' > /home/app/.config/pip/pip.conf
RUN sudo -u app pip install --user flask
RUN sudo -E -u app pip install --user flask
RUN sudo -E -H -u app pip install --user flask
RUN sudo --preserve-env=HOME -H -u app pip install --user flask
RUN sudo -i -u app pip install --user flask
RUN sudo pip install flask
RUN doas -u app pip install --user flask
