FROM python:3.12
RUN pip install "$(echo dist/*.whl)[otel]"
RUN pip install --only-binary :all: "$(echo dist/*.whl)--no-binary=:all:" six
RUN pip install --only-binary :all: $(echo dist/*.whl) six
RUN pip install --only-binary :all: "$(echo -n dist/*.whl)" six
RUN pip install --only-binary :all: "$(echo six)" six
