# `find … -exec sh -c '…"$1"…' _ {} ;` hands the shell each file as a positional word: over
# files gate holds the text is walked per file, as `'"$0"' {}` is (14-16: unknown before). A
# `+` body runs one shell for many files, so its `$0`/`$1` is whichever find lists first (the
# folder's order): each file is walked as if it were (17: silent before, only the first file
# gate listed was walked; 18: unknown before). Compliant twins: the held file does not build
# (19-21).
FROM python:3.12
COPY <<GATE_TEXT_END /d/a-ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/b-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN find /d -name '*.sh' -exec sh -c 'sh "$1"' _ {} \;
RUN find /d -name '*.sh' -exec bash -c 'x=1; . "$2"' _ x {} \;
RUN find /d -name '*.sh' -exec sh -c 'sh "$@"' _ {} \;
RUN find /d -name '*.sh' -exec sh -c '"$0"' {} +
RUN find /d -name '*.sh' -exec sh -c 'sh "$1"' _ {} +
RUN find /d -name 'a-*.sh' -exec sh -c 'sh "$1"' _ {} \;
RUN find /d -name 'a-*.sh' -exec sh -c 'sh "$1" && echo "$*"' _ {} \;
RUN find /d -name 'a-*.sh' -exec sh -c '"$0"' {} +
