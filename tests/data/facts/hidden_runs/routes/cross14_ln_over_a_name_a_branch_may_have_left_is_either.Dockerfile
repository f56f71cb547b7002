FROM python:3.12
COPY <<'EOF' /cfg/r.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /cfg/ok.txt
flask
EOF
RUN if [ -e /x ]; then echo --no-binary :all: > /e1; fi; ln -s /cfg/ok.txt /e1; pip install --only-binary :all: -r /e1
RUN if [ -e /x ]; then echo flask > /e2; fi; ln -s /cfg/r.txt /e2; pip install --only-binary :all: -r /e2
RUN echo flask > /e3; [ -e /x ] && rm /e3; ln -s /cfg/r.txt /e3; pip install --only-binary :all: -r /e3
RUN cd / && echo flask > /e4 && ln -s /cfg/r.txt /e4; pip install --only-binary :all: -r /e4
RUN echo flask > /k1; ln -s /cfg/r.txt /k1; pip install --only-binary :all: -r /k1
RUN if [ -e /x ]; then echo --no-binary :all: > /k2; fi; ln -sf /cfg/ok.txt /k2; pip install --only-binary :all: -r /k2
RUN mkdir /d1; echo flask > /d1/r.txt; ln -s -t /d1 /cfg/r.txt; pip install --only-binary :all: -r /d1/r.txt
