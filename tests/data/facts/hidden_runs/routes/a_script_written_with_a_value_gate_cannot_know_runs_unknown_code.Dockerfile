# A script the build writes with a value gate cannot know (an ARG, a substitution) holds that
# value as code: running it is as unknown as `sh -c "$M"`. It was silent (the file's text was
# unknown and its name says nothing). A script written with known text stays judged (line 13),
# and an unknown-valued file nothing runs stays silent (line 14).
FROM python:3.12
ARG M
RUN echo "pip install --only-binary :all: $M x" > /s.sh; sh /s.sh
RUN printf '%s\n' "echo $M" > /p.sh && bash /p.sh
RUN cat > /h.sh <<EOF
pip install --only-binary :all: $M x
EOF
RUN . /h.sh
RUN echo "pip install x" > /k.sh; sh /k.sh
RUN echo "$M" > /version.txt && cat /version.txt
RUN echo "$(cat /x) x" > /t.py && python3 /t.py
