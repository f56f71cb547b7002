FROM python:3.12-slim
RUN find / -name '*.tar.gz' -exec pip install --only-binary :all: {} \;
RUN find "$D" -name '*.tar.gz' -exec pip install --only-binary :all: {} +
RUN find /wheels -exec pip install --only-binary :all: {} +
RUN find / -name 'mypkg*' -exec pip install --only-binary :all: "{}" \;
