# `find … -exec {} ;` (or `+`) runs each file find hands it as a program (its `#!` line picks
# what reads it), and `-exec ruby {} ;` (perl, node, …) runs it as that runner's code: over
# files the build holds each is walked per file (18, 19, 20), as `-exec sh {} ;` is; where gate
# cannot list them, unknown (21). All four were silent. A runner given inline code reads the
# file as its input (22); a file that installs only wheels stays a pass (23).
FROM python:3.12
COPY --chmod=755 <<GATE_TEXT_END /d/10-deps.sh
#!/bin/sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /r/go.rb
system("pip install --no-binary :all: evil")
GATE_TEXT_END
COPY --chmod=755 <<GATE_TEXT_END /ok/1.sh
#!/bin/sh
pip install --only-binary :all: flask
GATE_TEXT_END
RUN find /d -name '*.sh' -exec {} \;
RUN find /d -name '*.sh' -exec {} +
RUN find /r -name '*.rb' -exec ruby {} \;
RUN find / -maxdepth 1 -name 's.sh' -exec {} \;
RUN find /r -name '*.rb' -exec perl -pi -e 's/x/y/' {} \;
RUN find /ok -name '*.sh' -exec {} \;
