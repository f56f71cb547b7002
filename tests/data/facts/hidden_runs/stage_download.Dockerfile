FROM python:3.12 AS dl
ADD https://bootstrap.pypa.io/get-pip.py /x
FROM python:3.12
RUN --mount=type=bind,from=dl,source=/x,target=/x python3 /x flask
COPY --from=dl /x /y
RUN python3 /y flask
