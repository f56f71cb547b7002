# SHELL ["/bin/sh", "/x.sh"] makes each RUN run /x.sh with the RUN's text as its $1, as Docker
# appends the text to the SHELL's words: /x.sh installs (lines 11, 13; silent before). A
# shell with -c runs the text itself (15: nothing to judge).
FROM python:3.12
COPY <<GATE_TEXT_END /x.sh
#!/bin/sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN echo start
SHELL ["/bin/sh", "/x.sh"]
RUN anything
SHELL ["/bin/bash", "-e", "--", "/x.sh"]
RUN anything else
SHELL ["/bin/sh", "-c"]
RUN echo done
