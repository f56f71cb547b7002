# `find … -exec sh {} ;` (or `+`, `bash`, `.`, `python3`) runs each file find hands it as a
# script: over files the build holds it is walked per file, as an install's `-exec pip
# install -r {} ;` already was. It was silent (the body's `{}` named no file gate holds).
# Where gate cannot list what find hands it (none held that it names, or from `/`: the base
# image's files), unknown (16, 17).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /e/run.py
import subprocess
subprocess.run(["pip", "install", "evil"])
GATE_TEXT_END
RUN find /d -name '*.sh' -exec sh {} \;
RUN find /d -type f -exec bash {} +
RUN find /e -name '*.py' -exec python3 {} \;
RUN find /d -name '*.txt' -exec sh {} \;
RUN find / -maxdepth 1 -name 's.sh' -exec sh {} \;
