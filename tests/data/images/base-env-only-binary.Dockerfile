FROM gate-stub:base
ENV PIP_ONLY_BINARY=:all:
