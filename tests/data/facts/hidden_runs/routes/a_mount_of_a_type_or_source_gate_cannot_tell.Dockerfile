FROM python:3.12
ARG K
ARG S
RUN printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf
RUN --mount=type=$K,target=/etc pip install flask
RUN --mount=type=bind,source=$S,target=/etc/pip.conf pip install --only-binary :all: flask
RUN --mount=type=bind,source=$S,target=/etc pip install --only-binary :all: flask
RUN --mount=type=bind,from=$S,source=/x,target=/etc/pip.conf pip install --only-binary :all: flask
RUN --mount=type=cache,target=/root/.cache/pip,id=$S pip install --only-binary :all: flask
RUN pip install flask
