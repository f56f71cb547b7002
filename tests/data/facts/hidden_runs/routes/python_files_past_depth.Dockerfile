FROM python:3.12
RUN echo 'pip install flask' > /tmp/d5.sh && echo 'sh /tmp/d5.sh' > /tmp/d4.sh && echo 'sh /tmp/d4.sh' > /tmp/d3.sh && echo 'sh /tmp/d3.sh' > /tmp/d2.sh && echo 'sh /tmp/d2.sh' > /tmp/d1.sh
RUN python3 -c "import os; os.system('sh /tmp/d1.sh')"
