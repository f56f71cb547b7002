# set -C (noclobber): `>` onto an existing file fails, its command does not run, the file keeps its text.
FROM python:3.12-slim
RUN printf -- '--no-binary :all:\nflask\n' > /r1.txt; set -C; echo flask > /r1.txt; pip install --only-binary :all: -r /r1.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r2.txt; set -uo noclobber; echo flask > /r2.txt; pip install --only-binary :all: -r /r2.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r3.txt; set -C; { echo flask; } > /r3.txt; pip install --only-binary :all: -r /r3.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r4.txt; set -C; echo flask >| /r4.txt; pip install --only-binary :all: -r /r4.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r5.txt; set -C; set +C; echo flask > /r5.txt; pip install --only-binary :all: -r /r5.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r6.txt; set -o noclobber; set +o noclobber; echo flask > /r6.txt; pip install --only-binary :all: -r /r6.txt
RUN printf 'flask\n' > /r7.txt; set -C; echo requests >> /r7.txt; pip install --only-binary :all: -r /r7.txt
RUN printf 'flask\n' > /r8.txt; set -C; echo '--no-binary :all:' >> /r8.txt; pip install --only-binary :all: -r /r8.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r9.txt; (set -C); echo flask > /r9.txt; pip install --only-binary :all: -r /r9.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r10.txt; [ -n "$X" ] && set -C; echo flask > /r10.txt; pip install --only-binary :all: -r /r10.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r11.txt; sh -C -c 'echo flask > /r11.txt'; pip install --only-binary :all: -r /r11.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r12.txt; bash --norc -o noclobber -c 'echo flask > /r12.txt'; pip install --only-binary :all: -r /r12.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r13.txt; sh -c 'echo flask > /r13.txt'; set -C; echo flask > /dev/null; pip install --only-binary :all: -r /r13.txt
