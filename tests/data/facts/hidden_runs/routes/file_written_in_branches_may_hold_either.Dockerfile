FROM python:3.12
ARG X
RUN if [ -n "$X" ]; then echo 'pip install flask' > /a.sh; else echo hi > /a.sh; fi; sh /a.sh
RUN if [ -n "$X" ]; then echo hi > /b.sh; elif [ -z "$X" ]; then echo 'pip install six' > /b.sh; else echo ok > /b.sh; fi; sh /b.sh
RUN echo 'pip install attrs' > /c.sh; if [ -n "$X" ]; then echo hi > /c.sh; fi; sh /c.sh
RUN case "$X" in a) echo 'pip install toml' > /d.sh;; *) echo hi > /d.sh;; esac; sh /d.sh
RUN [ -n "$X" ] || echo 'pip install idna' > /e.sh; sh /e.sh
RUN echo 'pip install click' > /f.sh; for i in $X; do echo hi > /f.sh; done; sh /f.sh
RUN echo 'pip install one' > /g.sh; echo 'echo hi' > /g.sh; sh /g.sh
RUN if [ -n "$X" ]; then echo 'echo a' > /h.sh; echo 'echo b' > /h.sh; fi; sh /h.sh
