FROM python:3.12
ARG T
COPY requirements.txt .
RUN --mount=type=bind,source=pip.conf,target=$T pip install -r requirements.txt --only-binary=:all: --no-binary=:none:
RUN --mount=type=bind,source=pip.conf,target=$T pip install --only-binary :all: flask
RUN --mount=type=secret,id=cfg,target=$T pip install flask
RUN --mount=type=tmpfs,target=/etc/$T pip install -r requirements.txt
RUN pip install -r requirements.txt
