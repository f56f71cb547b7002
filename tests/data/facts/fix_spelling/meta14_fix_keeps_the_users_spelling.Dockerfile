FROM python:3.12
ARG REQ_FILE=requirements/prod.txt
ARG VERSION=1.0
RUN pip install --no-cache /wheels/*
RUN python3 -m pip install --no-cache-dir -r ${REQ_FILE}
RUN SETUPTOOLS_SCM_PRETEND_VERSION=${VERSION} pip install .[ssh]
RUN conda run -n app pip install flask
RUN uv pip install --system "pycuda"
RUN pip install \
      flask \
      'requests<3'
RUN pip install --no-binary lxml lxml
RUN pip3 --no-cache-dir install "aws-lambda-builders==$AWS_LB_VERSION"
ARG EXTRAS=tn
RUN POETRY_VIRTUALENVS_CREATE=false poetry install --extras "${EXTRAS}"
