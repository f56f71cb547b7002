FROM python:3.12
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf
RUN python -m venv /opt/py && printf '[global]\nno-binary = :all:\n' > /opt/py/pip.conf
RUN python -m venv /opt/plain
RUN export PATH=/opt/py/bin:$PATH; pip install flask
RUN export PATH=/opt/plain/bin:$PATH; pip install --only-binary :all: flask
RUN export PATH=/opt/py/bin:$PATH; pip install --only-binary :all: flask
RUN export PATH=/opt/py/bin:$PATH; /usr/local/bin/pip install flask
RUN export PATH="$Q:$PATH"; pip install flask
