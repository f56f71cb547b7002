FROM python:3.12
ENV BASH_FUNC_f%%="() { pip install flask; }"
RUN f
RUN true
RUN ["./x"]
RUN ["bash", "-c", "f"]
RUN ./x
RUN env -i ./x
RUN dash -c f
