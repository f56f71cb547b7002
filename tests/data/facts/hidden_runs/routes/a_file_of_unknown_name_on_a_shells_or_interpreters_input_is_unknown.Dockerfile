# A shell, Python or a code runner reading its script on standard input from a file named by a
# value gate cannot know runs it as `sh "$X"` does: unknown (whole: 15, 16; partly, where a held
# file fits the known parts: 17-19). All were silent, though `sh "$X"` was unknown; /d/10.sh
# and /d/x.py install. No held file fits `"$D/x.pl"` (20: nothing); a file known by name stays
# as before (21: denied), and so does a process substitution's text gate reads (22: nothing).
FROM python:3.12
ARG X
ARG D
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/x.py
import os; os.system("pip install --no-binary :all: evil")
GATE_TEXT_END
RUN sh < "$X"
RUN bash -s -- a b < $X
RUN python3 < "$D/x.py"
RUN python3 - < "$D/x.py"
RUN bash < /d/$X
RUN perl < "$D/x.pl"
RUN sh < /d/10.sh
RUN sh < <(echo true)
