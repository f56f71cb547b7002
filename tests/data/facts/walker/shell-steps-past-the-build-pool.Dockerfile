# Each RUN at its own bound costs ~0.1 s: 20 of them (1.8 KB) took 2.9 s. The steps of a build
# draw on one pool as well; past it a step is unknown (the last install, compliant, here).
FROM python:3.12
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN f(){ echo a;echo b;echo c;echo d;};g(){ f;f;f;f;f;f;f;f;};h(){ g;g;g;g;g;g;g;g;};h;h;h;h
RUN pip install --only-binary :all: flask
