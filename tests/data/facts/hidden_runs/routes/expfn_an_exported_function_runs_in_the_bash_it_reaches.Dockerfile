FROM python:3.12
RUN f() { pip install flask; }; export -f f; bash -c f
RUN f() { pip install flask; }; export -f f; bash -c 'f'
RUN f() { pip install "$@"; }; declare -fx f; printf 'flask\n' | xargs -n1 bash -c 'f "$@"' _
RUN f() { pip install "$@"; }; typeset -fx f; bash -c 'f flask'
RUN g() { :; }; f() { pip install "$@"; }; export -f g f; bash -c 'f flask'
RUN set -a; f() { pip install flask; }; set +a; bash -c f
RUN f() { pip install flask; }; export -f f; find . -maxdepth 0 -exec bash -c f \;
RUN f() { pip install "$@"; }; export -f f; sh -c 'f flask'
RUN f() { pip install "$@"; }; export -f f; env X=1 bash -c 'f flask'
RUN f() { pip install "$@"; }; export -f f; bash -c 'bash -c "f flask"'
RUN f() { pip install "$@"; }; export -f f; echo 'f flask' | bash
RUN env 'BASH_FUNC_f%%=() { pip install flask; }' bash -c f
RUN f() { pip install flask; }; export -f f; dash -c f
RUN f() { pip install flask; }; export -f f; env -i bash -c f
RUN f() { pip install flask; }; export -f f; export -nf f; bash -c f
RUN f() { pip install flask; }; export -f f; python3 -c 'import os; os.system("f")'
RUN f() { pip install flask; }; export -f "$N"; bash -c f
RUN f() { pip install flask; }; export -f f
RUN bash -c f
RUN f() { pip install flask; }; export -f f; ./run.sh
RUN f() { pip install flask; }; export -f f; export -nf f; ./run.sh
RUN f() { pip install flask; }; builtin export -f f; bash -c f
RUN f() { pip install flask; }; command declare -fx f; bash -c f
RUN f() { pip install flask; }; export -f f; "$SHELL" -c f
