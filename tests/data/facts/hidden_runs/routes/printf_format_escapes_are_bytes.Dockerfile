FROM python:3.12-slim
RUN printf '\55-no-binary lxml\nlxml\n' > /r1.txt && pip install --only-binary :all: -r /r1.txt
RUN printf '\357\273\277--no-binary lxml\nlxml\n' > /r2.txt && pip install --only-binary :all: -r /r2.txt
RUN printf '\x2d-no-binary lxml\nlxml\n' > /r3.txt && pip install --only-binary :all: -r /r3.txt
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf && pip install lxml
SHELL ["/bin/bash", "-c"]
RUN printf '\x2d-no-binary lxml\nlxml\n' > /r5.txt && pip install --only-binary :all: -r /r5.txt
RUN printf '\xef\xbb\xbf--only-binary :all:\nlxml\n' > /r6.txt && pip install -r /r6.txt
