FROM python:3.12
COPY inst.sh /inst.sh
RUN { exec < /inst.sh; sh; } < /dev/null
RUN while read l; do exec < /inst.sh; sh; done < /dev/null
RUN for i in 1; do exec < /inst.sh; sh; done <<< hello
RUN exec < /inst.sh; sh
