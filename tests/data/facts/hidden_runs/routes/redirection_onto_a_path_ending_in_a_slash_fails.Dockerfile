# `> F/`, `>> "F/."`, `> F/..` always fail (EISDIR/ENOTDIR, bash 5.2, dash 0.5.12, busybox 1.35): the command does not run, later redirections are not opened, earlier ones are.
FROM python:3.12-slim
RUN printf -- '--no-binary :all:\nflask\n' > /r1.txt; echo flask > /r1.txt/; pip install --only-binary :all: -r /r1.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r2.txt; echo flask >> "/r2.txt/."; pip install --only-binary :all: -r /r2.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r3.txt; { echo flask; } > /r3.txt/; pip install --only-binary :all: -r /r3.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r4.txt; echo flask 2>/tmp/log/ > /r4.txt; pip install --only-binary :all: -r /r4.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r5.txt; echo flask > /r5.txt 2> /tmp/log/; pip install --only-binary :all: -r /r5.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r6.txt; echo flask > /r6.txt; pip install --only-binary :all: -r /r6.txt
RUN pip install --only-binary :all: flask>=2 ./pkg/
SHELL ["/bin/bash", "-c"]
RUN printf -- '--no-binary :all:\nflask\n' > /r7.txt; cat <<<flask 2>&1 > /r7.txt/; pip install --only-binary :all: -r /r7.txt
