# 64 greps with another pattern each over 16,384 lines spend the build's filter budget (line 7);
# past it sed -i '/^--no-binary/d' (GNU sed 4.9 deletes the line) is not worked out: the file
# may or may not hold the line, unknown (8; was builds). A grep past it writes a file of unknown
# text (9); a file nothing edited keeps its line (10: builds); one without option lines installs
# names whatever the edit left (11: silent).
FROM python:3.12-slim
RUN L=pkg; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do L="$L $L"; done; printf "%s\n" $L > /big.txt; f0() { grep -v "x$1" /big.txt > /big2.txt; }; f1() { f0 a$1; f0 b$1; f0 c$1; f0 d$1; }; f2() { f1 a$1; f1 b$1; f1 c$1; f1 d$1; }; f3() { f2 a$1; f2 b$1; f2 c$1; f2 d$1; }; f3 x
RUN printf 'requests\n--no-binary :all:\n' > /r.txt && sed -i '/^--no-binary/d' /r.txt && pip install --only-binary :all: -r /r.txt
RUN printf 'requests\n--no-binary :all:\n' > /s.txt && grep -v '^--no-binary' /s.txt > /s2.txt && pip install --only-binary :all: -r /s2.txt
RUN printf 'requests\n--no-binary :all:\n' > /t.txt && printf 'x\n' > /o.txt && sed -i '/^--no-binary/d' /o.txt && pip install --only-binary :all: -r /t.txt
RUN printf 'requests\nflask\n' > /u.txt && sed -i '/^flask/d' /u.txt && pip install --only-binary :all: -r /u.txt
