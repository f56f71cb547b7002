FROM python:3.12
RUN uvx --no-build pip@latest install evil
RUN uv tool run --no-build pip==23.2 install evil
RUN uvx --no-build pip[x]@23.2 install evil
RUN uvx --no-build black@23 .
RUN uvx --no-build --from pip==23.2 pip install --only-binary=:all: ok
RUN uvx --no-build python@3.12 -m pip install evil
