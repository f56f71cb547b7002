FROM python:3.12-slim
COPY <<EOF /reqs/a/requirements.txt
--only-binary :all:
requests
EOF
COPY <<EOF /reqs/b/requirements.txt
--no-binary :all:
lxml
EOF
COPY <<EOF /ok/requirements.txt
--only-binary :all:
flask
EOF
RUN find /reqs -name requirements.txt -exec pip install -r {} \;
RUN find /ok -name requirements.txt -exec pip install -r {} \;
RUN find /ok -name requirements.txt -execdir pip install -r {} \;
RUN find /reqs -name requirements.txt -execdir pip install -r {} \;
RUN find /ok -name '*.txt' -exec pip install --only-binary :all: -r {} +
RUN find /reqs -type f -name '*.txt' -exec pip install --only-binary :all: -r {} \;
RUN find /nothing -name requirements.txt -exec pip install --only-binary :all: -r {} \;
RUN find / -name requirements.txt -exec pip install --only-binary :all: -r {} \;
RUN find /ok -name requirements.txt -exec sh -c 'pip install --only-binary :all: -r "$1"' _ {} \;
RUN find /ok -name '*.txt' -execdir pip install --only-binary :all: -r requirements.txt \;
RUN find /ok -mtime +1 -name requirements.txt -exec pip install -r {} \;
RUN git clone https://x/y /ok/y && find /ok -name requirements.txt -exec pip install --only-binary :all: -r {} \;
RUN find /ok -name requirements.txt -exec pip install --only-binary :all: -r {} \; -o -name s.txt -exec pip install --only-binary :all: -r {} \;
RUN find "$D" -name requirements.txt -exec pip install --only-binary :all: -r {} \;
RUN find /ok -name requirements.txt -execdir sh -c 'pip install --only-binary :all: -r "$1"' _ {} \;
RUN find /ok -name requirements.txt -exec pip install --only-binary :all: -r "$X"/{} \;
RUN find /reqs -name '*.txt' -execdir pip install --only-binary :all: -r requirements.txt \;
