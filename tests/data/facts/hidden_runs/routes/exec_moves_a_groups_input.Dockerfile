FROM python:3.12
COPY inst.sh /inst.sh
RUN { exec < /dev/null; sh; } < /inst.sh
RUN { exec 0< /dev/null; sh; } < /inst.sh
RUN while read l; do exec < /dev/null; sh; done < /inst.sh
RUN exec < /dev/null; sh
