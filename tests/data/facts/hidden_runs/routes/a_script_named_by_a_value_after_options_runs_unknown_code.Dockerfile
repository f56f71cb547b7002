# A script named wholly by a value gate cannot know runs code gate cannot see after the shell's
# or interpreter's options too (lines 12-17), given to Python or another code runner (18-21),
# as a Makefile (22) or as the program with words after it (23): all silent before. A known
# value naming a held harmless script stays silent (24-26); so does a file in a folder of
# unknown value (27, 28), as a file gate does not hold.
FROM python:3.12
COPY <<GATE_TEXT_END /ok.py
print("hello")
GATE_TEXT_END
ARG X
ARG K=/ok.py
RUN sh -e "$X"
RUN bash -x $X a b
RUN sh -o errexit "$X"
RUN bash --norc "${X}"
RUN bash -O extglob "$X"
RUN sh -ex -- "$X"
RUN python3 "$X"
RUN python3 -u -W ignore $X
RUN python3 -- "$X"
RUN perl "$X" && node "$X"
RUN make -f "$X"
RUN "$X" --install
RUN python3 "$K"
RUN python3 -u "$K"
RUN sh -e /ok.py --help
RUN sh -e "$X/setup.sh"
RUN make -f "$X/x.mk" -C "$X"
