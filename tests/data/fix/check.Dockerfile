FROM --platform=linux/amd64 python:3.12-slim
# pureapp and its dependency have wheels for linux/amd64 on CPython 3.12.
RUN pip install pureapp
# sdistonly never published a wheel: --only-binary :all: would break this build.
RUN pip install sdistonly==0.5
