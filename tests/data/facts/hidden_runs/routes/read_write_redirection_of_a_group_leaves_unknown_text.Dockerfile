# `{ …; } 1<> F` opens F without emptying it and overwrites it from the start (bash 5.2, dash 0.5.12): its text is not known.
FROM python:3.12-slim
RUN printf 'flask\n' > /r1.txt; { echo '--no-binary :all:'; } 1<> /r1.txt; pip install --only-binary :all: -r /r1.txt
RUN printf 'flask\n' > /r2.txt; { echo '--no-binary :all:'; } 3<> /r2.txt >&3; pip install --only-binary :all: -r /r2.txt
