FROM python:3.12
RUN printf -- "--no-binary :all:\nflask\n" > /tmp/req.txt
COPY link-context /app
RUN pip install --only-binary :all: -r /app/requirements.txt
