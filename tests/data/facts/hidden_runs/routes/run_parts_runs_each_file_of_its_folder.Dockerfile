# run-parts DIR runs each file in DIR by its path (Debian's run-parts 5.7 and BusyBox 1.35
# measured): a `#!` file of a name both take installs (lines 28-32, silent before); a file one
# of them runs and the other does not (no `#!`, a dot in its name) is unknown (33, 34), and
# BusyBox's named so runs it (35, 36); a folder of a value gate cannot know is unknown (37), as
# is one fetched whole (44). --test/--list run nothing; a name the filter drops, a script
# installing only wheels, a folder gate holds nothing of stay silent (38-43).
FROM python:3.12
COPY <<GATE_TEXT_END /a/10deps
#!/bin/sh
pip install --no-binary :all: evil "\$@"
GATE_TEXT_END
COPY <<GATE_TEXT_END /b/10deps
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /c/10deps.sh
#!/bin/sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /d/10deps
#!/bin/sh
pip install --only-binary :all: wheel-only
GATE_TEXT_END
COPY <<GATE_TEXT_END /f/.10deps
#!/bin/sh
pip install --no-binary :all: evil
GATE_TEXT_END
ARG X
RUN run-parts /a
RUN run-parts --arg=evil --report -- /a
RUN run-parts --regex '.*' /f
RUN cd / && run-parts a
RUN run-parts --lsbsysinit -u 022 /a
RUN run-parts /b
RUN run-parts /c
RUN busybox run-parts /b
RUN busybox run-parts -a x /c
RUN run-parts "$X"
RUN run-parts --test /a
RUN run-parts --list /a
RUN run-parts --regex '^x' /a
RUN run-parts /f
RUN run-parts /d
RUN run-parts /etc/cron.daily
RUN git clone https://example.com/hooks.git /g && run-parts /g
