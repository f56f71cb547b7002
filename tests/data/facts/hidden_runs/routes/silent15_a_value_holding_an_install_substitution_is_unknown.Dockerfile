# bash runs a command substitution a variable's value holds wherever it evaluates the value:
# an array subscript in arithmetic (`$((x))`, `[[ $x -eq 1 ]]`, `declare -i`), `${!x}`,
# `printf -v "$x"`, `read "$x"`, and PS4 under `set -x` (bash 5.2 measured with a fake pip).
# The walker follows none of these: an installer named there is unknown.
FROM python:3.12-slim AS s0
SHELL ["/bin/bash", "-c"]
RUN X='a[$(pip install flask)]'; echo $((X))
RUN X='a[$(pip install flask)]'; [[ $X -eq 1 ]]
RUN X='a[$(pip install flask)]'; printf -v "$X" %s 1
RUN X='a[`pip install flask`]'; echo ${!X}
RUN PS4='$(pip install flask)'; set -x; true
# Compliant: a value whose substitution names no installer, and one that ran (its output held).
RUN X='a[$(echo 0)]'; echo $((X)); pip install --only-binary :all: flask
RUN X="$(echo pip install flask)"; echo "$X"
