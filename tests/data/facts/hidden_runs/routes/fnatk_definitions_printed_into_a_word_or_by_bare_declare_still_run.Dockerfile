FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN f() { pip install flask; }; bash -c "$(declare -f); f"
RUN f() { pip install flask; }; bash -c "$(typeset -f); f"
RUN f() { pip install flask; }; { declare; echo f; } | bash
RUN f() { pip install flask; }; { typeset; echo f; } | bash
RUN f() { pip install flask; }; { local; echo f; } | bash
RUN f() { pip install flask; }; declare -F | bash
