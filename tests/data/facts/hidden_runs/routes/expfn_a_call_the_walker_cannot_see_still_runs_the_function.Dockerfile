FROM python:3.12
RUN f() { pip install flask; }; f
RUN f() { pip install flask; }; f &
RUN f() { pip install flask; }; (f)
RUN f() { pip install flask; }; echo $(f)
RUN f() { pip install flask; }; trap f EXIT
RUN f() { pip install flask; }; eval f
RUN f() { pip install flask; }; $cmd x
RUN f() { pip install flask; }; PS4='$(f)'; set -x; true
RUN f() { pip install flask; }; x='a[$(f)]'; echo $((x))
RUN f() { pip install flask; }; x='$(f)'; echo "${x@P}"
RUN f() { pip install flask; }; mapfile -C f -c 1 a < /etc/passwd
RUN command_not_found_handle() { pip install flask; }; nosuchprogram
RUN f() { pip install flask; }; [ -n "$A" ] && f() { :; }; f
RUN f() { :; }; [ -n "$A" ] && f() { pip install flask; }; f
RUN f() { :; }; if [ -n "$A" ]; then f() { pip install flask; }; fi; f
RUN f() { :; }; [ -n "$A" ] || f() { pip install flask; }; f
RUN f() { pip install flask; }; [ -n "$A" ] && unset -f f; f
RUN f() { pip install flask; }; . ./unknown.sh
RUN f() { pip install flask; }; coproc f
RUN f() { pip install flask; }; { declare -f f; echo f; } | bash
RUN f() { pip install flask; }; declare -f f > /tmp/x.sh; echo f >> /tmp/x.sh; bash /tmp/x.sh
RUN f() { pip install flask; }; echo f | . /dev/stdin
RUN f() { pip install flask; }; "$(cat /tmp/name)"
RUN TRAPEXIT() { pip install flask; }; true
RUN command_not_found_handler() { pip install flask; }; nosuchprogram
