# `find … -exec cp {} /x/ ;` (`-exec cp -t /x {} +`, `install`, `mv`, `ln`) over files the
# build holds copies each where the body puts it: the body's `{}` made the copy unknown, so a
# script run from there was one gate did not hold, and 12-14 passed silently though /d/10.sh
# installs. A copy of a script that installs only wheels stays a pass (15).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10.sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /ok/1.sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN mkdir /x && find /d -name '*.sh' -exec cp {} /x/ \; && sh /x/10.sh
RUN mkdir /y && find /d -name '*.sh' -exec cp -t /y {} + && for f in /y/*.sh; do sh "$f"; done
RUN find /d -name '*.sh' -exec install -m755 {} /usr/local/bin/ \; && 10.sh
RUN mkdir /z && find /ok -name '*.sh' -exec cp {} /z/ \; && sh /z/1.sh
