FROM python:3.12
RUN echo "pip install flask" | tee /tmp/a.sh && sh /tmp/a.sh
RUN printf 'pip install flask\n' | tee /tmp/b.sh | cat >/dev/null && sh /tmp/b.sh
RUN echo "pip install flask" | cat > /tmp/c.sh && bash /tmp/c.sh
RUN echo "pip install flask" | tee -a /tmp/d.sh > /dev/null; . /tmp/d.sh
