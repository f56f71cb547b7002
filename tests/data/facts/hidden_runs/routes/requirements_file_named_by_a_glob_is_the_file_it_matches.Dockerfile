# `pip install -r req*.txt`: the shell expands the glob to the file it names (bash 5.2, dash 0.5.12); several held matches, or a build too large to scan, are unknown.
FROM python:3.12-slim
WORKDIR /w
RUN printf -- '--no-binary :all:\nflask\n' > req-a.txt; pip install --only-binary :all: -r req*.txt
RUN printf -- '--no-binary :all:\nflask\n' > /d/req-c.txt; pip install --only-binary :all: -r /d/req-[c].txt
RUN printf -- '--no-binary :all:\nflask\n' > /e/req-h.txt; for f in /e/req-h*; do pip install --only-binary :all: -r $f; done
RUN printf 'flask\n' > /f/req-1.txt; printf 'flask\n' > /f/.req-2.txt; pip install --only-binary :all: -r '/f/*req-?.txt'
RUN printf -- '--no-binary :all:\n' > /g/a.txt; printf 'flask\n' > /g/b.txt; uv pip install --only-binary :all: -r /g/?.txt
