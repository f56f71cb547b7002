FROM python:3.12
RUN sh -n < <(echo "pip install foo")
RUN bash --version <<< "pip install foo"
RUN bash -n -c "pip install foo"
RUN bash -c "pip install foo"
RUN bash -e <<< "pip install foo"
