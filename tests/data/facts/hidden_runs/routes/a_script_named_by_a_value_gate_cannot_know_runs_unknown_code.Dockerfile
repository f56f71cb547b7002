# A script named wholly by a value gate cannot know (an ARG) runs code gate cannot see, as
# `sh -c "$X"` does: `sh "$X"`, `bash $X`, `. "$X"` were silent. A named file in a folder of
# unknown value (`. "$HOME/.cargo/env"`, a downloaded installer's) stays as a file gate does
# not hold (line 10); so does a script of a known name (line 11).
FROM python:3.12
ARG X
RUN sh "$X"
RUN bash $X
RUN . "${X}"
RUN . "$HOME/.cargo/env"
RUN sh /opt/setup.sh
