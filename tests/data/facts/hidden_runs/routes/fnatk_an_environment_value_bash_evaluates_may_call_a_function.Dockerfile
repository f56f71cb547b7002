FROM python:3.12
ENV X='a[$(f)]'
SHELL ["/bin/bash", "-c"]
RUN f() { pip install flask; }; echo $((X))
ARG P='$(f)'
RUN f() { pip install flask; }; echo "${P@P}"
RUN g() { pip install flask; }; echo $((X))
