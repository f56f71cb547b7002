# A script named wholly by a positional parameter of no known value (`sh "$1"` in a function or
# a `sh -c` text, `"$@"`, `${1}`) or by the whole line
# xargs -I reads runs code gate cannot see, as `sh "$X"` does (b00b7d0 took only named
# variables): 15-20 were silent though /d/10.sh installs. Known values are followed as before:
# the function given a held file that installs only wheels stays a pass (21). find's `{}` as $0
# over files gate holds is walked per file (20: builds, gaps23).
FROM python:3.12
ARG X
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/1.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN f() { sh "$1"; }; f "$X"
RUN sh -c 'sh "$1"' _ "$X"
RUN set -- "$X"; sh "$@"
RUN f() { . "${1}"; }; f "$X"
RUN find /d -name '*.sh' | xargs -I{} sh {}
RUN find /d -name '*.sh' -exec bash -c 'sh "$0"' {} \;
RUN f() { sh "$1"; }; f /ok/1.sh
