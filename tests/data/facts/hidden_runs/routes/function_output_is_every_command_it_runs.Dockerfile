FROM python:3.12
COPY inst.sh /
RUN f() { cat /inst.sh; }; f | sh
RUN f() { cat /inst.sh; echo 'echo hi'; }; f | sh
RUN f() { echo 'echo hi'; }; f | sh
