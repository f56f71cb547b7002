FROM python:3.12
COPY <<'EOF' /cfg/r.txt
--no-binary :all:
flask
EOF
COPY <<'EOF' /ok/r.txt
flask
EOF
RUN mkdir /d1; echo flask > /d1/r.txt; ln -sf --target=/d1 /cfg/r.txt; pip install --only-binary :all: -r /d1/r.txt
RUN mkdir /d2; echo flask > /d2/r.txt; ln -sf -t/d2 /cfg/r.txt; pip install --only-binary :all: -r /d2/r.txt
RUN mkdir /d3; echo flask > /d3/r.txt; ln -sft /d3 /cfg/r.txt; pip install --only-binary :all: -r /d3/r.txt
RUN mkdir /d4; echo flask > /d4/r.txt; cp -sf --targ /d4 /cfg/r.txt; pip install --only-binary :all: -r /d4/r.txt
RUN mkdir /d5; echo flask > /d5/r.txt; ln --sym -f -t /d5 /cfg/r.txt; pip install --only-binary :all: -r /d5/r.txt
RUN mkdir /k1; echo flask > /k1/r.txt; ln -s --target=/k1 /cfg/r.txt; pip install --only-binary :all: -r /k1/r.txt
RUN mkdir /k2; echo flask > /k2/r.txt; ln -sf -t/k2 /ok/r.txt; pip install --only-binary :all: -r /k2/r.txt
RUN mkdir /k3; install -m644 -t /k3 /ok/r.txt; pip install --only-binary :all: -r /k3/r.txt
RUN mkdir /k4; cp -S.bak /ok/r.txt /k4/; pip install --only-binary :all: -r /k4/r.txt
