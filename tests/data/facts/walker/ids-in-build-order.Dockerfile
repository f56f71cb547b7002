FROM python:3.12 AS a
RUN pip install a && uv pip install b
FROM python:3.12 AS b
RUN pipx install c
