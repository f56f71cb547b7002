FROM python:3.12
COPY <<'EOF' /cfg/r.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /cfg/ok.txt
flask
EOF
RUN echo flask > /e1; ln -s --fo /cfg/r.txt /e1; pip install --only-binary :all: -r /e1
RUN echo flask > /e2; ln -s --ba /cfg/r.txt /e2; pip install --only-binary :all: -r /e2
RUN echo flask > /e3; ln -s --backup=nu /cfg/r.txt /e3; pip install --only-binary :all: -r /e3
RUN echo flask > /e4; cp -s --rem /cfg/r.txt /e4; pip install --only-binary :all: -r /e4
RUN echo flask > /e5; ln -sif /cfg/r.txt /e5; pip install --only-binary :all: -r /e5
RUN mkdir /z && ln -s /z /zl && ln -sf --no-d /cfg/r.txt /zl && pip install --only-binary :all: -r /zl
RUN echo flask > /k1; ln -s --backup=none /cfg/r.txt /k1; pip install --only-binary :all: -r /k1
RUN echo flask > /k2; ln -s -S .bak --backup=off /cfg/r.txt /k2; pip install --only-binary :all: -r /k2
RUN echo flask > /k3; ln -sf --backup=foo /cfg/r.txt /k3; pip install --only-binary :all: -r /k3
RUN echo flask > /k4; cp -sfn /cfg/r.txt /k4; pip install --only-binary :all: -r /k4
RUN echo flask > /k5; cp -si /cfg/r.txt /k5; pip install --only-binary :all: -r /k5
RUN echo flask > /m1; yes | ln -si /cfg/r.txt /m1; pip install --only-binary :all: -r /m1
RUN echo flask > /m2; ln -sfi /cfg/r.txt /m2; pip install --only-binary :all: -r /m2
RUN echo flask > /m3; ln -s -S .bak /cfg/r.txt /m3; pip install --only-binary :all: -r /m3
RUN echo flask > /m4; cp -s --suffix=.bak /cfg/r.txt /m4; pip install --only-binary :all: -r /m4
RUN echo flask > /m5; cp -sfu /cfg/r.txt /m5; pip install --only-binary :all: -r /m5
RUN ln -s /cfg/ok.txt /m6 && yes | ln -si /cfg/r.txt /m6; pip install --only-binary :all: -r /m6
RUN echo flask > /m7; ln -s --update-all /cfg/r.txt /m7; pip install --only-binary :all: -r /m7
