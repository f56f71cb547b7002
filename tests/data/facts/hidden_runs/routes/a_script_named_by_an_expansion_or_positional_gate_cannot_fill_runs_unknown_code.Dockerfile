# A script named by an expansion gate does not work out (`${K/a/b}`, `${!R}`), or by a
# positional word whose value is not known (`sh -c 'sh "$1"' _ "$X"`, a function called with
# "$X", a held script run with "$X"), runs code gate cannot see (lines 18-23, silent before);
# `sh //s.sh` runs /s.sh (24, 25). A script run with no words has an empty $1 (26, 27); known
# words are followed (28, 29).
FROM python:3.12
COPY <<GATE_TEXT_END /s.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /t.sh
sh "\$1"
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok.sh
echo ok
GATE_TEXT_END
ARG X
ARG K=/ok.sh
RUN sh ${K/ok/s}
RUN R=K && sh "${!R}"
RUN sh -c 'sh "$1"' _ "$X"
RUN f() { sh "$1"; }; f "$X"
RUN sh /t.sh "$X"
RUN python3 -c 'print(1)' && bash -c 'python3 "$1"' _ "$X"
RUN sh //s.sh
RUN cat //s.sh | sh
RUN sh /t.sh
RUN f() { sh "$1"; }; f
RUN sh /t.sh /ok.sh
RUN sh /t.sh /s.sh
# $0 of unknown value as the program or the script (31, 32).
RUN sh -c '"$0"' "$X"
RUN sh -c 'sh "$0"' "$X"
