FROM python:3.12-slim
RUN echo '\55-no-binary lxml' > /r1.txt && pip install --only-binary :all: -r /r1.txt
RUN printf '%b\n' '\55-no-binary lxml' lxml > /r2.txt && pip install --only-binary :all: -r /r2.txt
RUN echo -e '\x2d-no-binary lxml' > /r3.txt && pip install --only-binary :all: -r /r3.txt
RUN printf '%b\n' '\x2d-no-binary lxml' > /r4.txt && pip install --only-binary :all: -r /r4.txt
RUN echo 'lxml\c\n--only-binary :all:' > /r5.txt && pip install -r /r5.txt
RUN echo '\x2d-no-binary lxml' > /r6.txt && pip install --only-binary :all: -r /r6.txt
RUN printf '%s\n' lxml '--only-binary :all:' > /r7.txt && pip install -r /r7.txt
SHELL ["/bin/bash", "-c"]
RUN echo -e '\x2d-no-binary lxml\nlxml' > /r8.txt && pip install --only-binary :all: -r /r8.txt
RUN echo -e '\u002d-no-binary lxml' > /r9.txt && pip install --only-binary :all: -r /r9.txt
RUN printf '%b' '\x2d-no-binary lxml\n' > /r10.txt && pip install --only-binary :all: -r /r10.txt
RUN echo -e 'lxml\n--only-binary :all:\c--no-binary lxml' > /r11.txt && pip install -r /r11.txt
RUN printf '%b%s\n' 'lxml\n\c' '--only-binary :all:' > /r12.txt && pip install -r /r12.txt
RUN echo -e 'lxml\n\055-only-binary :all:' > /r14.txt && pip install -r /r14.txt
