# bash 5.2: `declare -n r=O; unset r` unsets O (r stays a nameref); `unset -n r` removes r itself.
FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN declare -n r=O; O=--only-binary=:all:; unset r; pip install $O flask
RUN declare -n r=PIP_ONLY_BINARY; export PIP_ONLY_BINARY=:all:; unset r; pip install flask
RUN declare -n r=O; O=--only-binary=:all:; unset -n r; r=; pip install $O flask
RUN declare -n r=O; O=--only-binary=:all:; unset r; r=--only-binary=:all:; pip install $O flask
