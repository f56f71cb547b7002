FROM python:3.12
RUN echo 'pip install flask' > /tmp/i.sh && { sh; } < /tmp/i.sh
