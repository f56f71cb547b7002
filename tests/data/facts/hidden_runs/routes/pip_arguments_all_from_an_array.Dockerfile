FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN a=(install flask); pip "${a[@]}"
RUN a=(install flask); pip ${a[*]}
RUN pip --version
