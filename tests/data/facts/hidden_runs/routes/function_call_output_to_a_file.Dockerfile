FROM python:3.12
RUN p() { echo "--no-binary :all:"; }; p > r1.txt && pip install --only-binary :all: -r r1.txt
RUN p() { echo flask==3.0.0; }; p > r2.txt && pip install --only-binary :all: -r r2.txt
RUN f() { echo flask; }; f > r3.txt; f() { echo "--no-binary :all:"; }; f >> r3.txt; pip install --only-binary :all: -r r3.txt
RUN f() { printf '%s\n' flask requests; }; f > r4.txt; pip install --only-binary :all: -r r4.txt
RUN f() { echo "$1"; }; f "--no-binary :all:" > r5.txt; pip install --only-binary :all: -r r5.txt
RUN f() { echo "$1"; }; f "$X" > r6.txt; pip install --only-binary :all: -r r6.txt
RUN f() { g; }; g() { echo "--no-binary :all:"; }; f > r7.txt; pip install --only-binary :all: -r r7.txt
RUN f() { cat /etc/base-file; }; f > r8.txt; pip install --only-binary :all: -r r8.txt
RUN f() { cat r2.txt; }; f > r9.txt; pip install --only-binary :all: -r r9.txt
