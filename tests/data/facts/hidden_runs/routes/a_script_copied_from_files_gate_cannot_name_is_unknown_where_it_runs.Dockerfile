# Files a copy takes from sources gate cannot name (`xargs -I{} cp {} /x/`, find's files it
# cannot list, `cp "$X" /x/`, `… | xargs cp -t /x/`, `cp -r "$X" /s`) are of unknown content
# where they land: a script run from there is unknown (14-20; silent before). Compliant twins:
# find over a folder gate holds copies only those files (21: builds, 22: none), a known copy
# (23). A file gate holds there may be replaced by the copy (24: unknown since real24 and gaps24).
FROM python:3.12
ARG X
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN ls /d/* | xargs -I{} cp {} /x/ && sh /x/10-deps.sh
RUN find / -name '*.sh' -exec cp {} /y/ \; && sh /y/10-deps.sh
RUN cp "$X" /v/ && sh /v/a.sh
RUN cp "$X" /u/run.sh && bash /u/run.sh
RUN cat list | xargs cp -t /t/ && sh /t/a.sh
RUN cp -r "$X" /s && sh /s/a.sh
RUN mv "$X" /r/ && . /r/b.sh
RUN find /d -name '*.sh' -exec cp {} /z/ \; && sh /z/10-deps.sh
RUN find /d -name '*.sh' -exec cp {} /w/ \; && sh /w/other.sh
RUN cp /d/10-deps.sh /q/ && sh /q/b.sh
RUN cp "$X" /p/ && sh /p/ok.sh
