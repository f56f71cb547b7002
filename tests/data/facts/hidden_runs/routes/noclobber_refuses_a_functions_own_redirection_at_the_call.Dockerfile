# A function's redirections are opened at each call: noclobber on at the call refuses `>` (bash 5.2, dash); `>|`, no set -C, set -C only at the definition write.
FROM python:3.12-slim
RUN printf -- '--no-binary :all:\nflask\n' > /r1.txt; f() { echo flask; } > /r1.txt; set -C; f; pip install --only-binary :all: -r /r1.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r2.txt; f() { echo flask; } >| /r2.txt; set -C; f; pip install --only-binary :all: -r /r2.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r3.txt; f() { echo flask; } > /r3.txt; f; pip install --only-binary :all: -r /r3.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r4.txt; set -C; f() { echo flask; } > /r4.txt; set +C; f; pip install --only-binary :all: -r /r4.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r5.txt; set -C; function g { echo flask; } 2>/dev/null > /r5.txt; g; pip install --only-binary :all: -r /r5.txt
