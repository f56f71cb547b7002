FROM python:3.12
COPY <<'EOF' /cfg/r.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /cfg/ok.txt
flask
EOF
RUN mkdir /tmp/d && ln -s /tmp/d /l
RUN ln -s /cfg/r.txt /l
RUN pip install --only-binary :all: -r /l/r.txt
RUN pip install --only-binary :all: -r /tmp/d/r.txt
RUN ln -s /usr/lib /v && ln -s /cfg/r.txt /v
RUN pip install --only-binary :all: -r /v/r.txt
RUN mkdir /w && ln -s /w /wl && ln -sf /cfg/r.txt /wl
RUN pip install --only-binary :all: -r /wl/r.txt
RUN pip install --only-binary :all: -r /wl
RUN ln -s /nothing /m && ln -sf /cfg/r.txt /m
RUN pip install --only-binary :all: -r /m
RUN ln -s /cfg/ok.txt /x; ln -s /cfg/r.txt /x; pip install --only-binary :all: -r /x
RUN ln -s /cfg/ok.txt /y && ln -sf /cfg/r.txt /y
RUN pip install --only-binary :all: -r /y
RUN mkdir /z && ln -s /z /zl && ln -sfn /cfg/r.txt /zl
RUN pip install --only-binary :all: -r /zl
RUN ln -s /cfg/ok.txt /t && ln -sfT /cfg/r.txt /t
RUN pip install --only-binary :all: -r /t
RUN mkdir /q && ln -s /q /ql && ln -sf /cfg /ql
RUN pip install --only-binary :all: -r /ql/r.txt
RUN mkdir /p && ln -s /p /pl && cp -s /cfg/r.txt /pl
RUN pip install --only-binary :all: -r /p/r.txt
RUN echo flask > /e1; ln -s /cfg/r.txt /e1; pip install --only-binary :all: -r /e1
RUN echo flask > /e2; ln -sn /cfg/r.txt /e2; cp -s /cfg/r.txt /e2; pip install --only-binary :all: -r /e2
RUN echo flask > /e3; ln -sf /cfg/r.txt /e3; pip install --only-binary :all: -r /e3
RUN echo flask > /e4; ln -sb /cfg/r.txt /e4; pip install --only-binary :all: -r /e4
