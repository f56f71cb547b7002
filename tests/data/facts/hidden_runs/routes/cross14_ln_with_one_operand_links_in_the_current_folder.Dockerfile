FROM python:3.12
COPY <<'EOF' /cfg/r.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /ok/r.txt
flask
EOF
RUN mkdir /d1 && echo flask > /d1/r.txt && cd /d1 && ln -sf /cfg/r.txt && pip install --only-binary :all: -r /d1/r.txt
WORKDIR /d2
RUN echo flask > /d2/r.txt; ln -sf /cfg/r.txt; pip install --only-binary :all: -r r.txt
RUN echo flask > /d2/r.txt; ln -s /cfg/r.txt; pip install --only-binary :all: -r r.txt
WORKDIR /d3
RUN ln -s /ok/r.txt && pip install --only-binary :all: -r /d3/r.txt
