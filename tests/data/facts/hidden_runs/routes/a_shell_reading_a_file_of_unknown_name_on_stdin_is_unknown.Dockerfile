# A shell or Python reading on stdin a file named by a value gate cannot know runs code gate
# cannot see, as `sh "$X"` does (13-18: silent before; 17: find's file as the `sh -c` text's
# $0, walked per file: builds; 18: find's files catted into a shell). A known file is still
# walked: 19 builds, 20 is compliant.
FROM python:3.12
ARG X
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/20-ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN sh < "$X"
RUN cat "$X" | sh
RUN python3 < "$X"
RUN cat "$X" | bash -s -- a
RUN find /d -name '*.sh' -exec sh -c 'sh < "$0"' {} \;
RUN find /d -name '*.sh' -exec cat {} \; | sh
RUN sh < /d/10-deps.sh
RUN cat /d/20-ok.sh | sh
