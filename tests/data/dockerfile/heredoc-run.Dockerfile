# syntax=docker/dockerfile:1
FROM python:3.12
RUN <<EOF
pip install flask
echo done
EOF
RUN python3 <<EOF
import subprocess
subprocess.run(["pip", "install", "x"])
EOF
RUN <<EOF bash
pip install in-bash
EOF
RUN bash <<'EOF'
pip install $QUOTED
EOF
RUN <<-EOF
	pip install chomped
	EOF
RUN <<EOF
#!/usr/bin/env python3
import os
EOF
RUN --mount=type=cache,target=/root/.cache <<EOF
pip install cached
EOF
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN <<EOF
#!/bin/sh -e
pip install under-no-shell
EOF
