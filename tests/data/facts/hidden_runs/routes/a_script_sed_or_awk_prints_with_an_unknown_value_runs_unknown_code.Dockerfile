# sed or awk given a script or value of unknown text prints it: a file they write so holds the
# build's code with that value, and running it is unknown, as for echo (it was silent). Measured
# with bash 5.2, dash and busybox sh: the value runs. A template fill gate works out is read as
# before (line 11, as a fill of a known value would be judged on its text).
FROM python:3.12
ARG M
RUN echo x | sed "s/x/$M/" > /s.sh
RUN sh /s.sh
RUN awk -v m="$M" "BEGIN{print m}" > /a.sh && sh /a.sh
RUN echo "pip install @X@" > /t.sh && sed "s/@X@/x/" /t.sh > /k.sh
RUN sh /k.sh
