FROM python:3.12
# /bin/sh (dash) has no brace expansion: each word is run as written (pip has no `{install,}`).
RUN pip {install,} flask
RUN pip install --only-binary :all: {flask,"evil @ git+https://github.com/a/evil"}
RUN {pip,install} flask
RUN uv pip {install,} flask
