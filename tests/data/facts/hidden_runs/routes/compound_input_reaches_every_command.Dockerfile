FROM python:3.12
RUN echo "pip install flask" > /tmp/f; { true; sh; } < /tmp/f
RUN echo "pip install flask" > /tmp/g; { echo start; sh; } < /tmp/g
RUN echo "pip install flask" > /tmp/f; if true; then sh; fi < /tmp/f
RUN echo "pip install flask" > /tmp/f; for i in 1; do sh; done < /tmp/f
RUN echo "pip install flask" > /tmp/f; case x in x) sh;; esac < /tmp/f
