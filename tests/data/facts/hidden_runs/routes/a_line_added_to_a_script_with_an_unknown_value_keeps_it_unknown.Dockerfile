# A line added to a script the build wrote with a value gate cannot know leaves that value in
# it: `>>` and `tee -a` add, they do not replace. The script was silent (the file held text of
# unknown content, no longer marked as the build's own unknown code); measured with bash 5.2,
# dash and busybox sh: the earlier line still runs. A file replaced with known text is judged
# (line 13).
FROM python:3.12
ARG M
RUN echo "$M" > /s.sh; echo true >> /s.sh; sh /s.sh
RUN { echo "$M"; echo true; } > /g.sh && sh /g.sh
RUN echo "$M" > /t.sh; echo true | tee -a /t.sh
RUN sh /t.sh
RUN echo "$M" > /r.sh; echo true >> /r.sh; echo "pip install x" > /r.sh
RUN sh /r.sh
