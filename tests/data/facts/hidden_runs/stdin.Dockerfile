FROM python:3.12
RUN echo 'pip install flask' > /i.sh
RUN sh < /i.sh
RUN bash -e < /i.sh
RUN sh -c 'true' < /i.sh
RUN bash 0< /i.sh
