# A download from an address wholly of a value gate cannot know may be any script (get-pip.py):
# run, it is unknown, as a script named by such a value is (it was silent: "downloaded from a
# URL"), also piped into a shell (15, 16). An address gate knows (12), or one showing its host
# and folder (14), is judged as before; a value elsewhere in the command (a header, 13, 17) is
# no address.
FROM python:3.12
ARG M
ARG U=https://example.com/x.sh
RUN curl -fsSL -o /s.sh "$M" && sh /s.sh
RUN wget -O /w.py "$M" && python3 /w.py flask
RUN curl -fsSL "$M" > /c.sh; bash /c.sh
RUN curl -fsSL -o /k.sh "$U" && sh /k.sh
RUN curl -H "X: $M" -fsSL -o /t.sh https://example.com/t.sh && sh /t.sh
RUN curl -fsSL -o /g "https://example.com/$M/gosu" && sh /g
RUN curl -fsSL "$M" | sh
RUN wget -qO- "$M" | bash -s -- -y
RUN curl -H "X: $M" -fsSL https://example.com/t.py | python3
