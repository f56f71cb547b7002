FROM python:3.12
RUN echo 'pip install flask' | sed e
RUN sed -n '1 e pip install flask' /etc/hostname
RUN sed -n '1!e pip install flask' /etc/hostname
RUN sed -n '/./ e pip install flask' /etc/hostname
RUN echo x | sed 's|x|pip install flask|e'
RUN sed e <<< 'pip install flask'
RUN printf '1e pip install flask\n' > /tmp/s.sed && sed -n -f /tmp/s.sed /etc/hostname
