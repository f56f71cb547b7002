FROM python:3.12 AS s0
RUN useradd -m app
USER app
RUN mkdir -p ~/.config/pip && printf '[global]\nonly-binary = :all:\n' > ~/.config/pip/pip.conf
RUN pip install flask
FROM python:3.12 AS s1
RUN useradd -m app && mkdir -p ~app/.pip && printf '[global]\nonly-binary = :all:\n' > ~app/.pip/pip.conf
USER app
RUN pip install flask
FROM python:3.12 AS s2
RUN useradd -m app && mkdir -p ~root/.pip && printf '[global]\nonly-binary = :all:\n' > ~root/.pip/pip.conf
USER app
RUN pip install flask
FROM python:3.12 AS s3
RUN useradd -m app && su app -c 'mkdir -p ~/.pip && printf "[global]\nonly-binary = :all:\n" > ~/.pip/pip.conf'
USER app
RUN pip install flask
