FROM 127.0.0.1:9/team/base:1
RUN pip install flask
