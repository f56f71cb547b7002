# A script named by a word partly of a value gate cannot know (`sh "$D/10.sh"`, `. "/d/$N.sh"`,
# `python3 "$D/x.py"`), or by a relative name in a folder gate cannot tell (`sh ./10.sh`, `sh
# ./*.sh` after `cd "$D"`), may be a held file that fits the word's known parts: unknown (15-19
# were silent though /d/10.sh and /d/x.py install; 20, the loop's whole `$f`, was unknown
# already). Where no held file fits, nothing, as for a file the build does not hold (21, 23).
FROM python:3.12
ARG D
ARG N
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/x.py
import os; os.system("pip install --no-binary :all: evil")
GATE_TEXT_END
RUN sh "$D/10.sh"
RUN . "/d/$N.sh"
RUN python3 "$D/x.py"
RUN cd "$D" && sh ./10.sh
RUN cd "$D" && sh ./*.sh
RUN for f in "$D"/*.sh; do bash "$f"; done
RUN . "$HOME/.cargo/env"
WORKDIR $D
RUN sh ./setup.sh
# As the program itself (26, 27; silent before), a held file whose text gate holds: a venv's
# pip under a folder of unknown value is that pip, judged as such (28).
RUN "$D/10.sh"
RUN exec "$D/10.sh"
RUN python -m venv /opt/venv && "$D/bin/pip" install --only-binary :all: flask
