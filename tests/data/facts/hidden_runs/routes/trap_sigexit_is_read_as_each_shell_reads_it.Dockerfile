FROM python:3.12-slim
SHELL ["/bin/bash", "-c"]
RUN trap 'pip install flask' SIGEXIT; echo hi
RUN trap 'pip install flask' sigexit EXIT; echo hi
RUN trap 'pip install flask' 00; echo hi
RUN trap 'pip install flask' -0; echo hi
RUN trap 'pip install flask' EXIT; trap - SIGEXIT; echo hi
RUN trap 'pip install flask' SIGINT; echo hi
SHELL ["/bin/sh", "-c"]
RUN trap 'pip install flask' SIGEXIT; echo hi
RUN trap 'pip install flask' EXIT; trap - SIGEXIT; echo hi
RUN dash -c "trap 'pip install flask' EXIT SIGEXIT; echo hi"
RUN dash -c "trap 'pip install flask' SIGEXIT"
RUN busybox sh -c "trap 'pip install flask' SIGEXIT"
RUN dash -c "trap 'pip install flask' EXIT; trap - SIGEXIT"
RUN bash -c "trap 'pip install flask' SIGEXIT"
