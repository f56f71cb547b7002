# wget2 (wget's options; Fedora 40 on installs it as `wget`) and aria2c (`-d DIR`, `-o NAME`,
# else the address's own name) save downloads as curl and wget do: get-pip.py run from one is
# unknown (8-11), and so is a script from an address gate cannot know (12-14). 9, 11-14 were
# silent: the files were read as ones the build does not hold (8 warned only as an unknown tool,
# 10 by the script's name). A known address whose name says nothing stays as curl's does (15).
FROM python:3.12
ARG M
RUN wget2 -O /s1.py https://bootstrap.pypa.io/get-pip.py && python3 /s1.py
RUN aria2c -d / -o s2.py https://bootstrap.pypa.io/get-pip.py && python3 /s2.py
RUN aria2c --dir=/tmp https://bootstrap.pypa.io/get-pip.py && python3 /tmp/get-pip.py
RUN cd /opt && aria2c -x4 --out=g.py https://bootstrap.pypa.io/get-pip.py && python3 g.py
RUN aria2c -d / -o s5.sh "$M" && sh /s5.sh
RUN wget2 -O /s6.sh "$M" && sh /s6.sh
RUN wget2 -qO- "$M" | sh
RUN aria2c -d / -o s8.sh https://example.com/tool.sh && sh /s8.sh
