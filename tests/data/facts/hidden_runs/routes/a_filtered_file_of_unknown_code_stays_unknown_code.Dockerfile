# What a filter prints of a file of unknown code (one the build wrote with a value gate cannot
# know) is unknown code still: a script written from it and run is unknown (it was silent).
# Measured with bash 5.2, dash and busybox sh: the value runs through grep F, sort < F and
# cat F | grep. A filter of a file of known text is judged as before (line 13).
FROM python:3.12
ARG M
RUN echo "$M" > /a
RUN grep . /a > /s1.sh; sh /s1.sh
RUN sort < /a > /s2.sh && sh /s2.sh
RUN cat /a | grep . > /s3.sh
RUN sh /s3.sh
RUN echo "pip install x" > /k
RUN grep pip /k > /k.sh; sh /k.sh
