FROM python:3.12 AS base
ARG ONLY_IN_PARENT=1
ENV STAGE_ENV=early
WORKDIR /src
ONBUILD RUN pip install -r requirements.txt
ONBUILD RUN ["pip", "install", "exec-form"]
ONBUILD RUN <<EOF
pip install from-heredoc
EOF
ONBUILD ENV IGNORED=1
ONBUILD COPY . /app
ENV STAGE_ENV=final
WORKDIR /app
RUN pip install normal
