FROM python:3.12
RUN pip config --global set global.only-binary :all:
RUN mkdir -p /app && echo a > /app/a.sh && echo b > /app/b.sh && echo c > /app/c.sh
RUN find /etc /app -name '*.sh' -exec sed -i 's/\r$//' {} +
RUN sed -i 's/all/none/' /etc/*.conf
RUN pip install flask
