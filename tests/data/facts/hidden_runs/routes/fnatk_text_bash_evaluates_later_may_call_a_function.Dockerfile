FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN f() { pip install flask; }; s='$'; x="a[${s}(f)]"; echo $((x))
RUN f() { pip install flask; }; s='$'; x="a[${s}(f)]"; declare -i n; n=x
RUN f() { pip install flask; }; s='$'; x="${s}(f)"; echo "${x@P}"
RUN f() { pip install flask; }; s='$'; x="a[${s}(f)]"; a=(1); echo "${a[x]}"
RUN f() { pip install flask; }; s='$'; a[0]="a[${s}(f)]"; echo $((a[0]))
RUN f() { pip install flask; }; s='$'; printf -v x "a[${s}(f)]"; echo $((x))
RUN f() { pip install flask; }; s='$'; x="a[${s}(g)]"; echo $((x))
RUN f() { pip install flask; }; x="a[1]"; echo $((x))
RUN f() { pip install flask; }; s='$'; for x in "a[${s}(f)]"; do echo $((x)); done
RUN f() { pip install flask; }; s='$'; read -r x <<< "a[${s}(f)]"; echo $((x))
RUN f() { pip install flask; }; PS4='+$(echo ")"; f)'; set -x; :
RUN f() { pip install flask; }; x='a[$(echo ")"; f)]'; echo $((x))
RUN f() { pip install flask; }; x=`date`; env f
RUN f() { pip install flask; }; x=$(echo "(" ); env f
