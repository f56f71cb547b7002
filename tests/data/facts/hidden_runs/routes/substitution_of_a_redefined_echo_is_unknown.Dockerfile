FROM python:3.12
RUN echo() { printf -- --no-binary=:all:; }; pip install --only-binary :all: "$(echo six)" six
RUN alias echo='printf -- --no-binary=:all:'; pip install --only-binary :all: "$(echo six)" six
RUN dirname() { printf -- --no-binary=:all:; }; pip install --only-binary :all: "$(dirname /a/b)" six
RUN which() { printf -- --no-binary=:all:; }; pip install --only-binary :all: "$(which pip)" six
RUN echo() { printf -- --no-binary=:all:; }; pip install --only-binary :all: "$(echo dist/*.whl)" six
