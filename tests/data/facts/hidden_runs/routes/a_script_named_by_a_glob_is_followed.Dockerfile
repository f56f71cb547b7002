# A script named by a glob the shell expands: `sh /d/*.sh`, and `for f in /d/*.sh; do sh "$f";
# done` (the loop's word is the glob as written). The one held file it names is that script
# (lines 13-15); where it names several, each is walked as run (line 20); names no held file,
# or several that install nothing: nothing (lines 21, 22).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /e/1.sh
echo one
GATE_TEXT_END
RUN echo start
RUN for f in /d/*.sh; do sh "$f"; done
RUN for f in /d/*.sh; do . "$f"; done
RUN sh /d/*.sh
COPY <<GATE_TEXT_END /d/20-more.sh
echo more
GATE_TEXT_END
RUN echo next
RUN for f in /d/*; do bash "$f"; done
RUN for f in /none/*.sh; do sh "$f"; done
RUN sh /e/*.sh
