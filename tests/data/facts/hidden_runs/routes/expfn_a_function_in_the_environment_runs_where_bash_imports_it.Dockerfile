FROM python:3.12
ENV BASH_FUNC_f%%="() { pip install flask; }"
RUN f
