# bash 5.2 and dash 0.5.12: unquoted `-r r[ab].txt` names ra.txt, `-r 'r[ab].txt'` the file so
# named; gate is handed the word without its quotes, so where both are held either may be read.
# A backslash in the word may have been quoted (`r\\?.txt` names `r\a.txt`) or not.
FROM python:3.12
RUN echo flask > 'r[ab].txt' && echo '--no-binary :all:' > ra.txt && pip install --only-binary=:all: -r r[ab].txt flask
RUN echo '--no-binary :all:' > 'r\a.txt' && pip install --only-binary=:all: -r r\\?.txt flask
RUN echo '--no-binary :all:' > 'r\a.txt' && pip install --only-binary=:all: -r 'r\'*.txt flask
RUN echo flask > 'q[ab].txt' && pip install --only-binary=:all: -r 'q[ab].txt' flask
RUN echo '--no-binary :all:' > qa.txt && pip install --only-binary=:all: -r q?.txt flask
