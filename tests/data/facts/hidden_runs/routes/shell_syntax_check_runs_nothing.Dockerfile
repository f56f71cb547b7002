FROM python:3.12
RUN echo "pip install flask" > /tmp/i.sh && sh -n /tmp/i.sh
RUN sh -n < /tmp/i.sh
