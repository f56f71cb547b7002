# A script named through nested expansions (`"$(dirname "$(readlink -f $D)")/10.sh"`,
# `${D:-${HOME}}`) may be a held file that fits the word's known parts: unknown (10-13), as
# `sh "$D/10.sh"` is. They were silent: the inner expansion ended the outer one at its first
# closing bracket, leaving a piece no path fits. No held file fits 11.sh (14).
FROM python:3.12
ARG D
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN sh "$(dirname "$(readlink -f $D)")/10.sh"
RUN sh "${D:-${HOME}}/10.sh"
RUN sh "$(cd "$(dirname "$D")" && pwd)/10.sh"
RUN . "$(dirname $(realpath $D))/10.sh"
RUN sh "$(dirname $(realpath $D))/11.sh"
