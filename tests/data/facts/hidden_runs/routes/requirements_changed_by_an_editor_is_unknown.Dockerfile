FROM python:3.12
RUN printf -- '--only-binary :all:\nflask\n' > /r.txt && ed -s /r.txt < /tmp/script && pip install -r /r.txt
RUN printf -- '--only-binary :all:\nflask\n' > /s.txt && dos2unix /s.txt && pip install -r /s.txt
RUN printf -- '--only-binary :all:\nflask\n' > /t.txt && cat /t.txt && grep -c flask /t.txt && pip install -r /t.txt
