FROM python:3.12
RUN f() { pip install flask; }; env f
RUN f() { pip install flask; }; true
RUN f() { pip install flask; }; xargs f < /dev/null
RUN f() { pip install flask; }; find . -maxdepth 0 -exec f {} \;
RUN f() { pip install flask; }; timeout 5 f
RUN f() { pip install flask; }; nohup f
RUN f() { pip install flask; }; sudo f
RUN f() { pip install flask; }; command f
RUN f() { pip install flask; }; builtin f
RUN f() { pip install flask; }; exec f
RUN f() { pip install flask; }; bash -c f
RUN f() { pip install flask; }; sh -c f
RUN f() { pip install flask; }; f() { :; }; f
RUN f() { pip install flask; }; unset -f f; f
RUN g() { f() { pip install flask; }; }; g; env f
RUN f() { pip install flask; }; declare -f f | bash
RUN f() { pip install flask; }; g() { f; }; export -f g; bash -c g
RUN f() { pip install "$@"; }; export -f f; bash -c 'f --only-binary :all: flask'
RUN set -a; f() { pip install "$@"; }; set +a; bash -c 'f --only-binary :all: flask'
RUN f() { pip install "$@"; }; export -f f; sh -c 'f --only-binary :all: flask'
