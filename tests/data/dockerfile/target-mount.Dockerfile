FROM python:3.12 AS wheels
RUN pip wheel -w /wheels flask

FROM python:3.12 AS unrelated
RUN pip install unrelated

FROM python:3.12 AS app
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels pip install --no-index -f /wheels flask
