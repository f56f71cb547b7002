FROM python:3.12
ENV BASE=/opt
RUN pip install at-root
WORKDIR $BASE/app
WORKDIR sub
RUN pip install nested
WORKDIR ../other
RUN pip install other
