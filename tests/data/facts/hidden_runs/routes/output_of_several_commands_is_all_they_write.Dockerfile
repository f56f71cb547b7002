FROM python:3.12
COPY inst.sh quiet.sh /
RUN { echo 'pip install six'; echo; } | sh
RUN { cat /inst.sh; echo; } | sh
RUN ( echo 'pip install six'; echo ) | sh
RUN sh <<< "$(cat /inst.sh; echo)"
RUN sh <<< "$(cd / && cat inst.sh)"
RUN f() { echo 'pip install six'; echo; }; f | sh
RUN if true; then echo 'pip install six'; fi | sh
RUN { cat /quiet.sh; echo; } | sh
RUN { echo hi; true; } | sh
RUN { base64 -d /tmp/blob; echo; } | sh
COPY quiet.sh /w/inst.sh
RUN (cd /w && cat inst.sh) | sh
RUN sh <<< "$(cd /w && cat inst.sh)"
