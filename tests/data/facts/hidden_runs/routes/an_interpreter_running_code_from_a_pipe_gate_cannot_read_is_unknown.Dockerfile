# Python, perl, ruby and node given no code and no script read their program from the pipe:
# a held file changed on the way, or text gate cannot read, is code gate cannot see (lines
# 11-15, silent before). Known text, a download (judged by its address) and code or a module
# of their own stay as they were (16-19).
FROM python:3.12
COPY <<GATE_TEXT_END /s.py
import subprocess
subprocess.run(["pip", "install", "--no-binary", ":all:", "evil"])
GATE_TEXT_END
ARG X
RUN sed s/a/b/ /s.py | python3
RUN cat /s.py | tr -d '\r' | python3 -u -
RUN echo "$X" | python3
RUN grep -v '^#' /s.py | perl
RUN cat /s.py | sed s/a/b/ | node -
RUN echo 'print(1)' | python3
RUN curl -fsSL https://example.com/a.py | python3
RUN find / -name x | python3 -c 'import sys'
RUN cat /s.py | python3 -m json.tool
