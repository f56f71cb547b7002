# The branches of a choice are exclusive only where the shell runs one of them once. In a loop
# body gate walks once (`while read`, `for x in $L`), in a script xargs or find's -exec runs once
# per word or file, and in a bash `case` whose item ends in `;&` or `;;&`, one branch may run
# after another and read what it wrote: bash 5.2 and dash measured (a fake pip printing the file)
# read `--no-binary :all:` at 12, 14, 16, 18, 21, 24. Was: the reader saw only the text from
# before the choice (flask), silent.
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
flask
EOF
FROM base AS s0
RUN while read x; do if [ "$x" = a ]; then echo '--no-binary :all:' > /r.txt; else pip install --only-binary :all: -r /r.txt; fi; done < /list
FROM base AS s1
RUN for x in $L; do if [ "$x" = a ]; then echo '--no-binary :all:' > /r.txt; else pip install --only-binary :all: -r /r.txt; fi; done
FROM base AS s2
RUN find /d -name '*.x' -exec sh -c 'if [ "$1" = /d/a.x ]; then echo "--no-binary :all:" > /r.txt; else pip install --only-binary :all: -r /r.txt; fi' _ {} \;
FROM base AS s3
RUN ls /d | xargs -n1 sh -c 'if [ "$1" = a.x ]; then echo "--no-binary :all:" > /r.txt; else pip install --only-binary :all: -r /r.txt; fi' _
FROM base AS s4
SHELL ["/bin/bash", "-c"]
RUN case "$X" in a) echo '--no-binary :all:' > /r.txt ;& *) pip install --only-binary :all: -r /r.txt;; esac
FROM base AS s5
SHELL ["/bin/bash", "-c"]
RUN case "$X" in a) echo '--no-binary :all:' > /r.txt ;;& *) pip install --only-binary :all: -r /r.txt;; esac
# Compliant: every branch leaves flask, or nothing the install reads changes.
FROM base AS s6
RUN while read x; do if [ "$x" = a ]; then echo flask > /r.txt; else echo flask > /r.txt; fi; done < /list; pip install --only-binary :all: -r /r.txt
FROM base AS s7
SHELL ["/bin/bash", "-c"]
RUN case "$X" in a) echo flask > /q.txt ;& *) pip install --only-binary :all: -r /r.txt;; esac
FROM base AS s8
RUN find /d -name '*.x' -exec sh -c 'pip install --only-binary :all: -r /r.txt' _ {} \;
