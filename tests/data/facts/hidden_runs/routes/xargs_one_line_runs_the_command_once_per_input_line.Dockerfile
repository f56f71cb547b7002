# xargs -L1 (-L 1, -l, --max-lines=1) runs the command once per non-blank input line, a trailing blank joining the next line (GNU findutils 4.9).
FROM python:3.12-slim
RUN printf 'flask\nrequests\n' | xargs -L1 pip install --only-binary :all:
RUN printf 'flask\nrequests\n' | xargs -l pip install --only-binary :all:
RUN printf 'flask\nrequests\n' | xargs -L 1 pip install --only-binary :all:
RUN printf 'flask\nrequests\n' | xargs --max-lines=1 pip install --only-binary :all:
RUN echo '--no-binary :all:' | xargs -L1 pip install --only-binary :all: flask
RUN printf 'flask \n--no-binary :all:\n' | xargs -L1 pip install --only-binary :all:
RUN printf 'flask\n--no-binary :all:\n' | xargs -L1 pip install --only-binary :all:
RUN printf -- '--only-binary :all: flask\nrequests\n' | xargs -L1 pip install
RUN printf 'flask\nrequests\n' | xargs -L2 pip install --only-binary :all:
RUN printf 'flask\nrequests\n' | xargs -L1 -n2 pip install --only-binary :all:
