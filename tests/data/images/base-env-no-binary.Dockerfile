FROM gate-stub:base
ENV PIP_ONLY_BINARY=:all: PIP_NO_BINARY=flask
