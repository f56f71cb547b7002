FROM python:3.12-slim
RUN echo 'pip install lxml' > /log && awk 'BEGIN{system("date")} {print}' /log
RUN echo 'pip install lxml' > /log && awk '/pip/{print | "sort -u"}' /log
RUN echo 'pip install lxml' | awk '{print $2 | "sort"}'
RUN echo 'pip install lxml' | awk '{print | "sh"}'
RUN echo 'pip install lxml' > /log && awk '{print | "sort | sh"}' /log
RUN echo 'x' | awk '{system("pip install lxml")}'
RUN echo 'pip install lxml' > /log && awk '{system("echo " $0)}' /log
