FROM python:3.12
COPY inst.sh /inst.sh
RUN { true | true; sh; } < /inst.sh
RUN { true | true; sh; } <<< 'pip install flask'
RUN while read l; do echo "$l" | grep -q x; sh; done < /inst.sh
RUN for i in 1; do true | true; sh; done < /inst.sh
RUN if echo a | grep -q a; then sh; fi < /inst.sh
RUN { sh | cat; } < /inst.sh
RUN { true; sh | cat; } < /inst.sh
RUN echo 'pip install flask' | { true; sh; }
RUN { true; sh; } < /inst.sh
