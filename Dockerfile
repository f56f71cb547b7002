# gate's own image: `docker build -t REGISTRY/gate:0.1.0 .` then push it and set the chart's
# image.repository. Every Python package comes from the hashed locks as wheels only, so no
# third-party build script runs while building the tool that forbids them.
#
# BASE is any image with python3 >= 3.11 and its venv module (Debian's python3-venv or the official
# image). The default is pinned by digest; override it for a mirror or an internal base.
ARG BASE=python:3.11-slim-bookworm@sha256:a36c24f9cbdf4fd0f52d67f0823eeac19c2028c637cecc392d97f980d4fec56b

FROM ${BASE} AS build
# A package index mirror, if the build cannot reach pypi.org (the lock's hashes still apply).
ARG PIP_INDEX_URL
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/gate
COPY requirements/runtime.txt requirements/build.txt /tmp/requirements/
RUN /opt/gate/bin/python -m pip install --only-binary :all: --require-hashes --no-deps \
        -r /tmp/requirements/runtime.txt \
    && /opt/gate/bin/python -m pip install --only-binary :all: --require-hashes --no-deps \
        --target /tmp/backend -r /tmp/requirements/build.txt
COPY pyproject.toml README.md /src/
COPY bin /src/bin
COPY gate /src/gate
# gate/policies is a link to the checkout's policies/: the built-in Rego policies ship in the wheel.
COPY policies /src/policies
# gate's own source, built with the hashed setuptools above instead of an unpinned isolated one.
RUN PYTHONPATH=/tmp/backend /opt/gate/bin/python -m pip install --no-deps --no-build-isolation \
        --no-index /src \
    && /opt/gate/bin/python -m pip uninstall -y pip \
    && /opt/gate/bin/python -m compileall -q /opt/gate

FROM ${BASE}
COPY --from=build /opt/gate /opt/gate
ENV PATH=/opt/gate/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# Any non-root id: the webhook reads its certificate from a mounted secret and writes nothing.
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["gate"]
CMD ["--help"]
