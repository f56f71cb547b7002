FROM python:3.12-slim
RUN pip install pureapp
RUN pip install winonly oldwheels==2.1
