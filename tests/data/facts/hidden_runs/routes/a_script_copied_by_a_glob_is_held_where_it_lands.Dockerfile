# A copy whose source is a glob the shell expands (`cp /d/*.sh /x/`, `mv`, `install -m755 …
# /usr/local/bin/`, `ln -s`) puts each held file it names in the destination folder under its
# own name: the glob was taken for a file of that name, so the copies held nothing and a
# script run from there that installs passed silently (14-17). A glob naming several files
# copies each (18); copies of a script that installs only wheels stay a pass (19).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/1.sh
#!/bin/sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN mkdir /x && cp /d/*.sh /x/ && sh /x/10.sh
RUN mkdir /y && mv /d/*.sh /y/ && sh /y/10.sh
RUN install -m755 /y/*.sh /usr/local/bin/ && 10.sh
RUN ln -s /x/*.sh /usr/bin/ && 10.sh
RUN mkdir /z && cp /x/*.sh /ok/*.sh /z && sh /z/10.sh
RUN install -m755 /ok/*.sh /usr/local/bin/ && 1.sh
