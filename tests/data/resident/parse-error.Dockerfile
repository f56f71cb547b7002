FROM python:3.12
RUN <<EOF
