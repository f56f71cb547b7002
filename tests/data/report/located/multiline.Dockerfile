FROM python:3.12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc \
    # build tools for the wheels below
    && pip install --only-binary :all: requests \
    && pip install \
        flask==3.0 \
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -e
pip install django
EOF
RUN pip install numpy
