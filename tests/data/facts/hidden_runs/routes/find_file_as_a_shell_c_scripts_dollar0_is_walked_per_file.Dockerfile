# `find … -exec sh -c '…"$0"…' {} ;` hands the shell each file as its $0: over files gate holds
# the text is walked per file, as `-exec sh {} ;` is (13-15: unknown before; 16: silent
# before). Where gate cannot list what find hands it, unknown (17); a `$1` after `_` is
# find's file too (18; gaps24). Compliant twins: 19 (the held file does not build), 20 (`+` with a
# compliant file).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/20-ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN find /d -name '*.sh' -exec sh -c '"$0"' {} \;
RUN find /d -name '*.sh' -exec bash -c 'sh "$0"' {} \;
RUN find /d -name '*.sh' -exec sh -c '. "$0"' {} \;
RUN find /d -name '*.sh' -exec sh -c 'sh < "$0"' {} \;
RUN find / -name '*.sh' -exec sh -c 'sh "$0"' {} \;
RUN find /d -name '*.sh' -exec sh -c 'sh "$1"' _ {} \;
RUN find /ok -name '*.sh' -exec sh -c 'sh "$0"' {} \;
RUN find /ok -name '*.sh' -exec sh -c 'sh "$0"' {} +
