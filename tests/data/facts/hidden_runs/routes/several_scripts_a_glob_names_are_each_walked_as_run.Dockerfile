# A glob naming several held scripts (`for f in /d/*.sh; do sh "$f"; done`, `sh /d/*.sh`,
# `python3 /p/*.py`) runs each as the one it names would be run: each is walked so (27-29),
# and sourced ones in turn in one shell, so what one sets reaches the commands after (33). Only
# their names were looked at before: none naming an installer passed silently though one runs
# another script that does (27-29); python and code runners did not expand the glob (30-32).
# Several that install only wheels stay a pass (34).
FROM python:3.12
COPY <<GATE_TEXT_END /d/1.sh
sh /x/i.sh
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/2.sh
echo two
GATE_TEXT_END
COPY <<GATE_TEXT_END /x/i.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /p/1.py
import os
os.system("pip install --no-binary :all: evil")
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/1.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/2.sh
pip install --only-binary :all: requests
GATE_TEXT_END
RUN for f in /d/*.sh; do sh "$f"; done
RUN sh /d/*.sh
RUN for f in /d/*.sh; do "$f"; done
RUN python3 /p/*.py
RUN for f in /p/*.py; do perl "$f"; done
RUN for f in /p/*.py; do python3 -u "$f"; done
RUN for f in /x/*.sh /d/*.sh; do . "$f"; done
RUN for f in /ok/*.sh; do sh "$f"; done
# Sourced ones are each parsed alone: a heredoc left open at the end of one (the shells end it
# there, measured with bash 5.2, dash and busybox sh) does not take in the next one's text (44).
COPY <<GATE_TEXT_END /h/1.sh
cat <<EOF
hello
GATE_TEXT_END
COPY <<GATE_TEXT_END /h/2.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN for f in /h/*.sh; do . "$f"; done
