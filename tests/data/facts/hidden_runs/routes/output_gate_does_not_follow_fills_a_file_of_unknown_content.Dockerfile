FROM python:3.12-slim AS s0
RUN { echo --no-binary :all: >&2; } 2> /r1.txt; pip install --only-binary :all: -r /r1.txt
RUN (echo --no-binary :all: >&2) 2> /r2.txt; pip install --only-binary :all: -r /r2.txt
RUN echo --no-binary :all: 3> /r3.txt >&3; pip install --only-binary :all: -r /r3.txt
RUN if true; then echo --no-binary :all:; fi > /r4.txt; pip install --only-binary :all: -r /r4.txt
RUN for i in 1; do echo --no-binary :all:; done > /r5.txt; pip install --only-binary :all: -r /r5.txt
RUN { p() { echo --no-binary :all:; }; p; } > /r6.txt; pip install --only-binary :all: -r /r6.txt
RUN p() { echo --no-binary :all: >&2; }; p 2> /r7.txt; pip install --only-binary :all: -r /r7.txt
RUN p() { echo --no-binary :all: >&2; }; p &> /r8.txt; pip install --only-binary :all: -r /r8.txt
RUN { echo flask; echo --only-binary :all:; } > /r9.txt 2>/dev/null; pip install -r /r9.txt
RUN if true; then echo x; fi 2>/dev/null; pip install --only-binary :all: flask
RUN p() { echo flask; }; p > /r10.txt 2>/dev/null; pip install --only-binary :all: -r /r10.txt
