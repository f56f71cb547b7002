# `cat "$X" | sh` runs the file X names, as `sh < "$X"` does: unknown (12-14). They were silent:
# a cat of files reaches the shell whole and is walked where the facts layer holds the file,
# but a name gate cannot know gave it none. A shell given a script operand reads no pipe (15:
# /d/10.sh denied only), and a file known by name is walked as before (16: denied); a plain
# name in a folder gate cannot tell, no held file fitting, is left as `sh < run.sh` is (17).
FROM python:3.12
ARG X
ARG D
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN cat "$X" | sh
RUN cat "$D/10.sh" | bash -s
RUN cat /d/*.sh "$X" | sh
RUN cat "$X" | sh /d/10.sh
RUN cat /d/10.sh | sh
RUN cd "$D" && cat run.sh | sh
