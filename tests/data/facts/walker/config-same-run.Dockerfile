FROM python:3.12
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf && pip install flask
