FROM python:3.12-slim
RUN a=(pip install lxml); ${a[0]} ${a[1]} ${a[2]}
RUN a=(pip install lxml); "${a[0]}" "${a[1]}" lxml
RUN TOOL=pip; $TOOL --version
