# A value gate cannot know spliced into a shell's -c script text is code there, not a word: the
# outer shell expands it before the inner one parses it (`M='x; pip install …'` runs pip). It was
# silent (the inner script was walked with $M as a word of echo). Measured with bash 5.2, dash and
# busybox sh and a pip printing its argv, also through inner quotes. A -c script of known text
# is judged as before (line 11), and so is a value passed as an argument (line 12).
FROM python:3.12
ARG M
ARG K=x
RUN sh -c "echo $M"
RUN bash -c "echo \"$M\""
RUN sh -c "echo $K"
RUN sh -c 'echo "$1"' _ "$M"
