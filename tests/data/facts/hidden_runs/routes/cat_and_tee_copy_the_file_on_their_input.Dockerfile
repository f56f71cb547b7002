FROM python:3.12
COPY inst.sh /inst.sh
RUN cat < /inst.sh > /x.sh && sh /x.sh
RUN { cat > /y.sh; } < /inst.sh && sh /y.sh
RUN cat /inst.sh | tee /z.sh > /dev/null && sh /z.sh
RUN tee /w.sh < /inst.sh && sh /w.sh
