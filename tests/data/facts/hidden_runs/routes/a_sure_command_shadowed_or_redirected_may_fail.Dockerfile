# `true`, `:` and venv makers are taken to succeed before `&&`, but not where a function of
# that name runs instead (bash and dash: `true() { return 1; }` makes `true` fail) or a
# redirection may fail to open (then the `&&` skips the export and pip builds).
FROM python:3.12-slim
SHELL ["/bin/bash", "-c"]
RUN true() { return 1; }; true && export PIP_ONLY_BINARY=:all:; pip install flask
RUN :() { return 1; }; : && export PIP_ONLY_BINARY=:all:; pip install flask
RUN true > /missing/x && export PIP_ONLY_BINARY=:all:; pip install flask
RUN python3() { return 1; }; python3 -m venv /v && export PIP_ONLY_BINARY=:all:; pip install flask
# compliant: the plain builtin, /dev/null and descriptor copies open
RUN true && export PIP_ONLY_BINARY=:all:; pip install flask
RUN true >/dev/null 2>&1 && export PIP_ONLY_BINARY=:all:; pip install flask
# a venv maker may fail for all but its activation (a_venv_maker_is_sure_only_for_its_activation)
RUN python3 -m venv /v 2>&1 >/dev/null && export PIP_ONLY_BINARY=:all:; pip install flask
