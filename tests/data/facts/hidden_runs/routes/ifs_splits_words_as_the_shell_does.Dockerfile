FROM python:3.12-slim
RUN pip${IFS}install${IFS}flask
RUN python3${IFS}-m${IFS}pip${IFS}install${IFS}x
RUN sh -c "pip\${IFS}install flask"
RUN pip"$IFS"install flask
RUN IFS=; pip${IFS}install${IFS}flask
RUN unset IFS; pip${IFS}install flask
RUN IFS=,; pip${IFS}install${IFS}flask
ENV IFS=
RUN pip${IFS}install${IFS}flask
SHELL ["/bin/bash", "-c"]
RUN pip${IFS:0:1}install${IFS::1}flask
RUN pip${IFS: -1}install flask
