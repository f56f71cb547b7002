# Inline code of a value gate cannot know (`python3 -c "$M"`, `perl -e "$M"`, `node -e`) may run
# anything, as `eval "$M"`: it was silent, since no installer name is in its text. Measured with
# bash 5.2, dash and busybox sh: python3 -c and perl -e run M's os.system / system of pip. Inline
# code of known text is judged as before (line 11: no install), and so is an unknown argument
# to known code (line 12).
FROM python:3.12
ARG M
RUN python3 -c "$M"
RUN perl -e "$M"
RUN node -e "$M"
RUN python3 -c "print(1)"
RUN python3 -c "import sys; print(sys.argv[1])" "$M"
