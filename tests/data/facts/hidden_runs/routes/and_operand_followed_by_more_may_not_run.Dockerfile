FROM python:3.12
ARG X
RUN echo 'pip install flask' > /s.sh
RUN [ -n "$X" ] && cp /etc/hostname /s.sh; sh /s.sh
RUN [ -n "$X" ] && echo 'echo hi' > /t.sh && sh /t.sh
RUN echo 'pip install six' > /u.sh
RUN if [ -n "$X" ]; then curl -o /u.sh https://example.com/hello.sh; fi; sh /u.sh
