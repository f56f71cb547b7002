# One filter asked the same question 1,024 times (a grep in a function called that often) is
# worked out once (6: the --no-binary line kept). Four greps with other patterns each are worked
# out (8: the line dropped, silent). 1,024 greps over 16,384 lines with another pattern each
# (419 bytes alone, 43 s): past the build's filter budget their output is unknown (10).
FROM python:3.12-slim AS s0
RUN L=pkg; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do L="$L $L"; done; printf "%s\n" $L --no-binary=:all: > /r.txt; f0() { grep -v "x" /r.txt > /r2.txt; }; f1() { f0 a$1; f0 b$1; f0 c$1; f0 d$1; }; f2() { f1 a$1; f1 b$1; f1 c$1; f1 d$1; }; f3() { f2 a$1; f2 b$1; f2 c$1; f2 d$1; }; f4() { f3 a$1; f3 b$1; f3 c$1; f3 d$1; }; f5() { f4 a$1; f4 b$1; f4 c$1; f4 d$1; }; f5 x; pip install --only-binary :all: -r /r2.txt
FROM python:3.12-slim AS s1
RUN L=pkg; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do L="$L $L"; done; printf "%s\n" $L --no-binary=:all: > /r.txt; f0() { grep -v "x$1\|no-binary" /r.txt > /r2.txt; }; f1() { f0 a$1; f0 b$1; f0 c$1; f0 d$1; }; f1 x; pip install --only-binary :all: -r /r2.txt
FROM python:3.12-slim AS s2
RUN L=pkg; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do L="$L $L"; done; printf "%s\n" $L --no-binary=:all: > /r.txt; f0() { grep -v "x$1" /r.txt > /r2.txt; }; f1() { f0 a$1; f0 b$1; f0 c$1; f0 d$1; }; f2() { f1 a$1; f1 b$1; f1 c$1; f1 d$1; }; f3() { f2 a$1; f2 b$1; f2 c$1; f2 d$1; }; f4() { f3 a$1; f3 b$1; f3 c$1; f3 d$1; }; f5() { f4 a$1; f4 b$1; f4 c$1; f4 d$1; }; f5 x; pip install --only-binary :all: -r /r2.txt
