# Python, perl, ruby and node given no script run the program on their input: a pipe, here-string
# or heredoc holding a value gate cannot know is unknown code there (as `echo "$M" | sh` is).
# Measured with bash 5.2 and python3: `echo "$M" | python3` ran M's os.system of a pip printing its
# argv. These were silent. Known code, and a value a script reads as data, stay silent.
FROM python:3.12
ARG M
RUN echo "$M" | python3
RUN printenv M | perl
RUN python3 <<< "$M"
RUN node <<EOF
$M
EOF
RUN echo "$M" | tr a a | ruby -
RUN echo 'print(1)' | python3
RUN echo "$M" | python3 -c 'print(1)'
