FROM python:3.12
ARG X
RUN f() { pip install flask; }; g() { [ -n "$X" ] && return; f() { :; }; }; g; f
RUN f() { pip install flask; }; g() { [ -n "$X" ] && return; unset -f f; }; g; f
RUN f() { pip install flask; }; for i in 1; do [ -n "$X" ] && break; f() { :; }; done; f
RUN f() { pip install flask; }; for i in 1 2; do [ -n "$X" ] && continue; f() { :; }; done; f
RUN f() { pip install flask; }; printf '[ -n "$X" ] && return\nf() { :; }\n' > /s.sh; . /s.sh; f
RUN f() { pip install flask; }; g() { f() { :; }; [ -n "$X" ] && return; }; g; f
RUN f() { pip install flask; }; g() { f() { :; }; return; }; g; f
RUN f() { pip install flask; }; for i in 1; do f() { :; }; break; done; f
RUN f() { pip install flask; }; g() { return; f() { :; }; }; g; env f
