# A file gate holds, in a folder a copy of sources gate cannot name lands in, may have been
# replaced by it: its text is unknown where it runs (a held name the copy could produce: any
# name for `"$X"`, xargs' `{}` or `-t`; the source's own last part where gate reads it;
# beneath it too for `-r`, `mv`, rsync). Each probe in a stage of its own. Silent before
# (the held script installs only wheels, so the bytes the copy may put there went unseen).
# 97 and 107 cannot replace the held file but blind its folder whole (real24: Files.over_held):
# unknown, not precise. Compliant twin: a copy into another folder (117).
FROM python:3.12 AS s0
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$X" /p/ && sh /p/ok.sh
FROM python:3.12 AS s1
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$D/ok.sh" /p/ && sh /p/ok.sh
FROM python:3.12 AS s2
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$X" /p/ok.sh && sh /p/ok.sh
FROM python:3.12 AS s3
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp -r "$X" /q/ && sh /q/sub/ok.sh
FROM python:3.12 AS s4
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN mv "$X" /q && sh /q/sub/ok.sh
FROM python:3.12 AS s5
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN ls | xargs -I{} cp {} /p/ && sh /p/ok.sh
FROM python:3.12 AS s6
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cat list | xargs cp -t /p/ && sh /p/ok.sh
FROM python:3.12 AS s7
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN rsync -a "$X"/ /q/ && sh /q/sub/ok.sh
FROM python:3.12 AS s8
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$D/other.sh" /p/ && sh /p/ok.sh
FROM python:3.12 AS s9
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$X" /q/ && sh /q/sub/ok.sh
FROM python:3.12 AS s10
ARG X
ARG D
COPY <<GATE_TEXT_END /p/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
COPY <<GATE_TEXT_END /q/sub/ok.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN cp "$X" /r/ && sh /p/ok.sh
