FROM gate-stub:base
# With both set pip applies them in environment order (the shell's): only-binary for flask
# alone, no-binary for all builds in either order.
ENV PIP_ONLY_BINARY=flask PIP_NO_BINARY=:all:
