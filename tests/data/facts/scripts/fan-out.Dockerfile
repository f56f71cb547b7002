FROM python:3.12
RUN printf 'sh /s2.sh; sh /s2.sh; sh /s2.sh\n' > /s1.sh
RUN printf 'sh /s3.sh; sh /s3.sh; sh /s3.sh\n' > /s2.sh
RUN printf 'sh /s4.sh; sh /s4.sh; sh /s4.sh\n' > /s3.sh
RUN printf 'sh /s5.sh; sh /s5.sh; sh /s5.sh\n' > /s4.sh
RUN printf 'sh /s6.sh; sh /s6.sh; sh /s6.sh\n' > /s5.sh
RUN printf 'sh /s7.sh; sh /s7.sh; sh /s7.sh\n' > /s6.sh
RUN printf 'sh /s8.sh; sh /s8.sh; sh /s8.sh\n' > /s7.sh
RUN printf 'sh /s9.sh; sh /s9.sh; sh /s9.sh\n' > /s8.sh
RUN printf 'pip install flask\n' > /s9.sh
RUN sh /s1.sh
