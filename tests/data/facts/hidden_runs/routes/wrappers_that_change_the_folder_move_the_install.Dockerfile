FROM python:3.12-slim
WORKDIR /app
RUN mkdir sub && printf -- '--no-binary lxml\nlxml\n' > sub/r.txt && printf 'flask\n' > r.txt
RUN env -C sub pip install --only-binary :all: -r r.txt
RUN env --chdir=/app/sub pip install --only-binary :all: -r r.txt
RUN env -C sub pip install --only-binary :all: -r /app/r.txt
RUN nsenter -wsub pip install --only-binary :all: -r r.txt
RUN sudo -D sub pip install --only-binary :all: -r r.txt
RUN env -C "$D" pip install --only-binary :all: -r r.txt
RUN find sub -name r.txt -execdir pip install --only-binary :all: -r {} \;
RUN find . -name r.txt -exec pip install --only-binary :all: -r {} +
RUN env -C sub sh -c 'pip install --only-binary :all: -r r.txt'
