# A file Python code writes with literal text (`open(P, 'w').write(T)`, `with open(P, 'w') as
# f: f.write(T)`, `Path(P).write_text(T)`) holds that text where it runs (18-24: unknown
# before for the code's own text, now denied); written any other way (from the environment, an
# append), or by ed's `w FILE` or ex's `:w FILE`, it is of unknown content (26-32: silent
# before). Measured with Python 3.11, GNU ed 1.19 and vim 9.0's ex
# and a fake pip: each wrote the file and `sh FILE` ran it. Compliant twins: a literal text
# that runs nothing (34), a file written and never run (36).
FROM python:3.12 AS s0
COPY <<GATE_TEXT_END /w.py
with open('/s.sh', 'w') as f:
    f.write('pip install --no-binary :all: ')
    f.write('evil\n')
GATE_TEXT_END
COPY <<GATE_TEXT_END /p.py
import pathlib
pathlib.Path('/s.sh').write_text('pip install --no-binary :all: evil\n')
GATE_TEXT_END
RUN python3 /w.py && sh /s.sh
FROM s0 AS s1
RUN python3 - < /w.py && sh /s.sh
FROM s0 AS s2
RUN python3 -c "open('/s.sh', 'w').write('pip install --no-binary :all: evil\n')" && sh /s.sh
FROM s0 AS s3
RUN python3 - < /p.py && sh /s.sh
FROM s0 AS s4
RUN python3 -c "import os; open('/s.sh', 'w').write(os.environ['M'])" && sh /s.sh
FROM s0 AS s5
RUN python3 -c "import sys; open('/s.sh', 'a').write(sys.argv[1])" "$M" && sh /s.sh
FROM s0 AS s6
RUN printf 'a\npip install --no-binary :all: evil\n.\nw /s.sh\nq\n' | ed -s && sh /s.sh
FROM s0 AS s7
RUN ex -sc 'r /etc/hostname|w! /s.sh|q!' && sh /s.sh
FROM s0 AS s8
RUN python3 -c "open('/s.sh', 'w').write('echo hi\n')" && sh /s.sh
FROM s0 AS s9
RUN python3 -c "import os; open('/c.json', 'w').write(os.environ['M'])"
