FROM python:3.12
RUN [p]ip install flask
RUN [ -f x ] && echo y
RUN [[ -f x ]] && echo y
RUN f() { pip install flask; }; cd /tmp && touch f && ?
RUN f() { pip install flask; }; cd /tmp && touch g && ?x
