FROM python:3.12
ENV PIP_ONLY_BINARY=:all:
SHELL ["env", "-u", "PIP_ONLY_BINARY", "/bin/sh", "-c"]
RUN <<-EOF
	#!/bin/sh
	pip install flask
	EOF
RUN <<-EOF
#!/bin/sh
	pip install flask
	EOF
FROM python:3.12
SHELL ["env", "PIP_ONLY_BINARY=:all:", "/bin/sh", "-c"]
RUN <<-EOF
	#!/bin/sh
	pip install flask
	EOF
