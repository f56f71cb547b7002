FROM python:3.12
ARG REQ_FILE=requirements/prod.txt
ARG VERSION=1.0
RUN pip install --no-cache /wheels/*
RUN pip install --only-binary :all: --no-cache /wheels/*
RUN SETUPTOOLS_SCM_PRETEND_VERSION=${VERSION} pip install .[ssh]
RUN SETUPTOOLS_SCM_PRETEND_VERSION=${VERSION} pip install --only-binary :all: .[ssh]
RUN conda run -n app pip install flask
RUN conda run -n app pip install --only-binary :all: flask
RUN python3 -m pip install --no-cache-dir -r ${REQ_FILE}
RUN python3 -m pip install --only-binary :all: --no-cache-dir -r ${REQ_FILE}
RUN uv pip install --system "pycuda"
RUN uv pip install --no-build --system "pycuda"
