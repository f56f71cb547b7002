FROM python:3.12
COPY inst.sh quiet.sh /
RUN f() { sh; } < /inst.sh; f
RUN f() { sh; } < /quiet.sh; f
RUN f() ( sh ) < /inst.sh; f
RUN function f { bash; } < /inst.sh; f
RUN f() { sh; } <<< 'pip install six'; f
RUN f() { sh; } <<< 'echo hi'; f
RUN f() { sh; } 2>/dev/null < /inst.sh; f
RUN g() { f() { sh; } < /inst.sh; }; g; f
RUN f() { sh; } < /inst.sh; f < /quiet.sh
RUN f() { sh; } < /quiet.sh; f < /inst.sh
RUN f() { sh; } < /quiet.sh; echo 'pip install six' | f
RUN f() { sh; } < /inst.sh; f() { sh; }; f < /quiet.sh
RUN f() { echo 'pip install six'; } > /tmp/a.sh; f; sh /tmp/a.sh
RUN f() { echo 'echo hi'; } > /tmp/a.sh; f; sh /tmp/a.sh
RUN f() { sh; } < "$SCRIPT"; f
RUN f() { f; } < /inst.sh; f
RUN f() { sh; } < /inst.sh; ( f() { :; } ); f
RUN f() { pip install six; }; [ -e /nope ] && f() { :; }; f
RUN f() { pip install six; }; if [ -e /nope ]; then f() { :; }; fi; f
