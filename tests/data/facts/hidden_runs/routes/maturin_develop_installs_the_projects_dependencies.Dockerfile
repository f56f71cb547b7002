FROM python:3.12
RUN maturin develop --release
RUN maturin build --release
RUN python -m maturin develop
RUN maturin develop --help
