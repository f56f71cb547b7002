# perl, ruby, node given a script named partly by a value gate cannot know (`perl "$D/x.pl"`,
# after options or `--` too) may run a held file that fits the word's known parts: unknown, as
# `python3 "$D/x.py"` is (13-16 were silent though /d/x.pl and /d/x.rb install). No held file
# fits `node "$D/x.js"` (17): nothing, as for a file the build does not hold.
FROM python:3.12
ARG D
COPY <<GATE_TEXT_END /d/x.pl
system("pip install --no-binary :all: evil");
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/x.rb
system("pip install --no-binary :all: evil")
GATE_TEXT_END
RUN perl "$D/x.pl"
RUN perl -w "$D/x.pl"
RUN perl -- "$D/x.pl"
RUN ruby "${D}/x.rb" --verbose
RUN node "$D/x.js"
