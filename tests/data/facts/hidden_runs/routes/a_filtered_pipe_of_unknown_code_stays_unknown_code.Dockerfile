# What a filter (grep, base64 -d, tr, sort, …) prints of a pipe of unknown code is unknown code
# still: a script written from it and run is unknown (it was silent). Measured with bash 5.2,
# dash and busybox sh: the value runs through grep, base64 -d, tr and sort. Known text through a
# filter is judged as before (line 11).
FROM python:3.12
ARG M
RUN echo "$M" | grep x > /g.sh; sh /g.sh
RUN echo "$M" | base64 -d | tee /b.sh; sh /b.sh
RUN echo "$M" | tr a b | sort > /t.sh
RUN sh /t.sh
RUN echo "pip install x" | grep pip > /k.sh; sh /k.sh
