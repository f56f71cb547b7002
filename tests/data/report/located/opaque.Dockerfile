FROM python:3.12
RUN set -e \
    && apt-get update \
    && eval "$INSTALL" \
    && echo done
