FROM python:3.12-slim
COPY <<EOF /reqs/a/requirements.txt
--only-binary :all:
requests
EOF
COPY <<EOF /reqs/b/requirements.txt
--no-binary :all:
lxml
EOF
COPY <<EOF /reqs/b/c/requirements.txt
--no-binary :all:
lxml
EOF
RUN find /reqs -path '*/b' -prune -o -name requirements.txt -exec pip install -r {} \;
RUN find /reqs -name b -type d -prune -o -name requirements.txt -exec pip install -r {} +
RUN find /reqs -name b -prune , -name requirements.txt -execdir pip install -r {} \;
RUN find /reqs -name b -type f -prune -o -name requirements.txt -exec pip install -r {} \;
RUN find /reqs -name c -prune -o -name requirements.txt -exec pip install -r {} \;
RUN find /reqs -depth -name b -prune -o -name requirements.txt -exec pip install -r {} \;
RUN find /reqs -mindepth 1 -name reqs -prune -o -name requirements.txt -exec pip install -r {} \;
RUN find /reqs -newer /x -prune -o -name requirements.txt -exec pip install -r {} \;
