# History features both builders record: WORKDIR (relative too), ARG with and without a default
# (built with --build-arg GREETING="hello big world": a value with spaces), ENV with several
# pairs, COPY, SHELL, shell and exec form RUN, ONBUILD, and the base-name label.
FROM gate-stub:base
LABEL org.opencontainers.image.base.name="gate-stub:base"
WORKDIR /app
ARG PIP_INDEX_URL=https://pypi.invalid/simple
ARG GREETING
ENV PIP_NO_CACHE_DIR=1 MOTTO="two words"
COPY requirements.txt .
RUN pip install -r requirements.txt
SHELL ["/bin/sh", "-e", "-c"]
RUN pip install --only-binary :all: flask
WORKDIR sub
RUN ["pip", "install", "--no-deps", "x"]
ONBUILD RUN pip install onbuild-pkg
