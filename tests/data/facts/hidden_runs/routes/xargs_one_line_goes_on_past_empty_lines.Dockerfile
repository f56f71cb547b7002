# xargs -L1: a line ending in a blank goes on into the next non-empty line, past empty lines
# (GNU findutils 4.9: `printf 'flask \n\n--no-binary :all:\n' | xargs -L1 CMD` runs CMD once).
FROM python:3.12-slim
RUN printf 'flask \n\n--no-binary :all:\n' | xargs -L1 pip install --only-binary :all:
RUN printf 'flask \n\n\n--no-binary=:all:\n' | xargs -l pip install --only-binary :all:
RUN printf 'flask\n\n--no-binary=:all: \n\nrequests\n' | xargs -L1 pip install --only-binary :all:
RUN printf 'flask\n\nrequests\n' | xargs -L1 pip install --only-binary :all:
