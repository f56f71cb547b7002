FROM python:3.12
RUN if [ -d /w ]; then W=/w; else W=; fi \
    && pip install git+https://example.com/a/b.git \
       ${W:+--find-links $W}
