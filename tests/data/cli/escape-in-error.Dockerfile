FROM python:3.12
ENV a=${b:?]0;pwned[2J}
RUN pip install flask
