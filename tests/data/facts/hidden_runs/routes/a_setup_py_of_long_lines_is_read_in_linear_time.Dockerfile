# A setup.py of one line of 65,536 letters (doubled by cat): re tried a reference at every letter,
# scanning the rest of the line each time (over a minute for 213 bytes). Its reference after the
# long line is still found (6); one with only the long line has none (9).
FROM python:3.12 AS s0
WORKDIR /app
RUN printf aaaaaaaaaaaaaaaa > s && for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cat s s > t && mv t s; done && printf '\nsetup(install_requires=["x @ git+https://e.com/x"])\n' >> s && cp s setup.py && pip install --only-binary :all: .
FROM python:3.12 AS s1
WORKDIR /app
RUN printf aaaaaaaaaaaaaaaa > s && for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cat s s > t && mv t s; done && cp s setup.py && pip install --only-binary :all: .
