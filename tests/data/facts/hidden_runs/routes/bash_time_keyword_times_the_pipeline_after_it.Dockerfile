FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN f() { pip install flask; }; time PIP_ONLY_BINARY=:all: f
RUN time { pip install flask; }
RUN time ! pip install flask
RUN time -p -- PIP_ONLY_BINARY=:all: pip install flask
RUN bash -c 'time PIP_ONLY_BINARY=:all: pip install flask'
RUN eval 'time -p PIP_ONLY_BINARY=:all: pip install flask'
RUN time ( PIP_ONLY_BINARY=:all: pip install flask )
RUN time -- -p pip install flask
RUN time -p -p PIP_ONLY_BINARY=:all: pip install flask
RUN true && time PIP_ONLY_BINARY= pip install --no-binary :all: flask
RUN time time PIP_ONLY_BINARY=:all: pip install flask
RUN echo | time PIP_ONLY_BINARY= pip install flask
RUN echo | time pip install flask
