# bash passes noclobber to a bash it starts through an exported SHELLOPTS (also set before it, `declare -x`, `env SHELLOPTS=…` over `+C`, an ENV); not through env -i, bash -p, export -n, dash.
FROM python:3.12-slim
RUN printf -- '--no-binary :all:\nflask\n' > /r1.txt; set -C; export SHELLOPTS; bash -c 'echo flask > /r1.txt'; pip install --only-binary :all: -r /r1.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r2.txt; export SHELLOPTS; set -o noclobber; bash -c 'bash -c "echo flask > /r2.txt"'; pip install --only-binary :all: -r /r2.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r3.txt; declare -x SHELLOPTS; set -C; unset SHELLOPTS; bash -c 'echo flask > /r3.txt'; pip install --only-binary :all: -r /r3.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r4.txt; env SHELLOPTS=noclobber bash +C -c 'echo flask > /r4.txt'; pip install --only-binary :all: -r /r4.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r5.txt; set -C; export SHELLOPTS; env -i bash -c 'echo flask > /r5.txt'; pip install --only-binary :all: -r /r5.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r6.txt; set -C; export SHELLOPTS; bash -p -c 'echo flask > /r6.txt'; pip install --only-binary :all: -r /r6.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r7.txt; set -C; export SHELLOPTS; export -n SHELLOPTS; bash -c 'echo flask > /r7.txt'; pip install --only-binary :all: -r /r7.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r8.txt; export SHELLOPTS; set -C; dash -c 'echo flask > /r8.txt'; pip install --only-binary :all: -r /r8.txt
RUN printf -- '--no-binary :all:\nflask\n' > /r9.txt; export SHELLOPTS; bash -c 'echo flask > /r9.txt'; pip install --only-binary :all: -r /r9.txt
ENV SHELLOPTS=noclobber
RUN printf -- '--no-binary :all:\nflask\n' > /r10.txt
SHELL ["/bin/bash", "-c"]
RUN echo flask > /r10.txt; pip install --only-binary :all: -r /r10.txt
