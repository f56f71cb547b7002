ARG BASE=mybase:1
ARG UNKNOWN_BASE
FROM mybase:1 AS plain
RUN pip install flask

FROM ${BASE} AS expanded
ENV PIP_NO_BINARY=flask
RUN pip install expanded

FROM plain AS child
ARG PIP_ONLY_BINARY=:none:
RUN pip install requests
ONBUILD RUN pip install later

FROM scratch AS empty
RUN pip install nothing

FROM ${UNKNOWN_BASE} AS unknown
RUN pip install unknown

FROM other:2 AS other
RUN pip install other
