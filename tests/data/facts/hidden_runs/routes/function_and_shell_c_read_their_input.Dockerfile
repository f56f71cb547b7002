FROM python:3.12
COPY inst.sh /inst.sh
RUN f() { sh; }; f < /inst.sh
RUN f() { sh; }; cat /inst.sh | f
RUN f() { sh; }; f <<< 'pip install six'
RUN f() { while read l; do :; done; sh; }; f < /inst.sh
RUN f() { sh; }; f
RUN f() { echo hi; sh; }; f < /inst.sh
RUN f() { bash -s; }; echo 'pip install attrs' | f
RUN bash -c sh < /inst.sh
RUN cat /inst.sh | sh -c 'true; bash'
RUN sh -c 'sh' <<< 'pip install idna'
RUN sh -c 'echo hi' < /inst.sh
RUN sh -c 'cat > /x.sh' < /inst.sh && sh /x.sh
