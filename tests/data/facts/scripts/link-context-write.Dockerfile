FROM python:3.12
RUN echo flask > /tmp/req.txt
COPY link-context /app
RUN echo --no-binary :all: >> /app/requirements.txt
RUN pip install --only-binary :all: -r /tmp/req.txt
