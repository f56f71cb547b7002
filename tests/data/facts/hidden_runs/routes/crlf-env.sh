export PIP_ONLY_BINARY=:all:
