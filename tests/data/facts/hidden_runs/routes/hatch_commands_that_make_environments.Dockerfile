FROM python:3.12
RUN hatch fmt --check
RUN hatch check code
RUN hatch clean
RUN hatch lock
RUN hatch version
RUN hatch status
RUN hatch fmt --help
