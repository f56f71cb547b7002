FROM python:3.12-slim
COPY <<EOF /usr/local/lib/python3.12/site-packages/reqs/requirements.txt
--only-binary :all:
flask
EOF
RUN find /usr/local/lib/python3.12 -name '*.txt' -exec pip install --only-binary :all: -r {} \;
COPY <<EOF /usr/share/doc/r/requirements.txt
--only-binary :all:
flask
EOF
RUN find /usr/share/doc -name '*.txt' -exec pip install --only-binary :all: -r {} \;
COPY <<EOF /etc/ssl/requirements.txt
--only-binary :all:
flask
EOF
RUN find /etc/ssl -name '*.txt' -exec pip install --only-binary :all: -r {} \;
COPY <<EOF /usr/src/app/requirements.txt
--only-binary :all:
flask
EOF
RUN find /usr/src -name '*.txt' -exec pip install --only-binary :all: -r {} \;
COPY <<EOF /var/lib/x/requirements.txt
--only-binary :all:
flask
EOF
RUN find /var/lib -name '*.txt' -exec pip install --only-binary :all: -r {} \;
COPY <<EOF /home/app/requirements.txt
--only-binary :all:
flask
EOF
RUN find /home/app -name '*.txt' -exec pip install --only-binary :all: -r {} \;
