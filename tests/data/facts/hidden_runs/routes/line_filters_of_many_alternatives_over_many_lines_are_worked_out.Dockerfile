# grep -E with 4,096 alternatives over 4,096 lines, both doubled in the step: the automaton's
# closures were worked out again at every line (21 s). The --no-binary line is dropped (5:
# compliant, silent) or kept (7).
FROM python:3.12-slim AS s0
RUN L=pkg P=ab; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do L="$L $L" P="$P|$P"; done; printf '%s\n' $L --no-binary=:all: > /r; grep -vE "$P|no-binary" /r > /s; pip install --only-binary :all: -r /s
FROM python:3.12-slim AS s1
RUN L=pkg P=ab; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do L="$L $L" P="$P|$P"; done; printf '%s\n' $L --no-binary=:all: > /r; grep -E "$P|no-binary|pkg" /r > /s; pip install --only-binary :all: -r /s
