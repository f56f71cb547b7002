# Code a program takes from its words, holding a value gate cannot know, may run any command:
# awk's program (`system()`, also a value closing an awk string), sed's script as a command or
# address (GNU sed's `e`), find's expression (`-exec`). Measured with mawk, busybox awk, GNU sed
# 4.9, GNU find and a pip printing its argv: each ran pip. They were silent. A value handed to
# known code as data (awk -v, an operand, find's starting folder), a known value, and a value in
# an `s` command's replacement (a template fill, line 22) stay silent.
FROM python:3.12
ARG M
ARG V=1.0
RUN awk "$M"
RUN awk -F: "BEGIN{$M}" /etc/passwd
RUN echo a | sed "1$M"
RUN sed -n -e "$M" /etc/hosts
RUN find /app -maxdepth 1 $M
RUN busybox awk "{print \"$M\"}" /etc/hosts
RUN awk -v v="$M" 'BEGIN{print v}'
RUN sed -i "s/x/$V/" /etc/hosts
RUN sed -i -e 's/a/b/' "$M"
RUN find "$M" -name '*.pyc' -delete
RUN awk -f /prog.awk "$M"
RUN sed -e "s/a/b/;$M" /etc/hosts
RUN sed "s|@X@|$M|g" /t.in > /t.conf
RUN gdb -batch -ex "$M"
RUN vim -es -c "$M" -c q
RUN vi -es "+$M" "+qa!"
RUN vim -es -c wq "$M"
