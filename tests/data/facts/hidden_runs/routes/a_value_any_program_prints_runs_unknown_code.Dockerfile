# A value gate cannot know reaches a file through whatever prints it, not only echo/printf/cat/sed/awk:
# the environment (printenv, env, /proc/self/environ, envsubst, code reading ENVIRON), the words
# of any program (yes, jq, xargs adding words it reads), a here-string on any program's input.
# Run as code it is as unknown as `sh -c "$M"` (measured: bash 5.2, dash, busybox sh, a pip
# printing its argv). These were silent. A known value (K), a file nothing runs, a count (wc),
# and `export -p` (it quotes each value: re-read, it runs nothing) stay silent.
FROM python:3.12
ARG M
ARG K=echo
ENV E=$M
RUN printenv M > /a.sh; sh /a.sh
RUN env > /b.sh; . /b.sh
RUN yes "$M" | head -1 > /c.sh; bash /c.sh
RUN echo "$M" | xargs echo > /d.sh; sh /d.sh
RUN base64 -d <<< "$M" > /e.sh; bash /e.sh
RUN jq -nr --arg m "$M" '$m' > /usr/local/bin/f; chmod +x /usr/local/bin/f; f
RUN awk 'BEGIN{print ENVIRON["M"]}' > /g.py && python3 /g.py
RUN printf '%s\n' '$E' > /t.tpl && envsubst < /t.tpl > /h.sh && sh /h.sh
RUN cat /proc/self/environ | tr '\0' '\n' > /i.sh && sh /i.sh
RUN printenv E > /j.sh
RUN sh /j.sh
RUN printenv K > /k.sh; sh /k.sh
RUN printenv M > /version.txt
RUN echo "$M" | wc -l > /n.sh; sh /n.sh
RUN export -p > /p.sh; . /p.sh

FROM python:3.12 AS known
ENV K=echo
RUN env > /z.sh; sh /z.sh
