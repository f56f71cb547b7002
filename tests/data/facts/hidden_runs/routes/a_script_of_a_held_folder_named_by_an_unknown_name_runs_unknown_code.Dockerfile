# A script in a folder the build holds, named by a value gate cannot know (`sh /d/$f` of `ls`'s
# output, `find` read by `while read`), may be any file there: unknown where one installs
# (lines 17-19, silent before); where none names an installer, still unknown (20): a held file
# that fits may run another that installs, and the candidate is not walked (atk22's rule for
# names partly unknown, which this merge keeps over name-only reading). `find … -exec {} ;` runs each
# file found as a program (21; 22 finds none that installs); `. -- F` sources F (23; bash,
# dash, BusyBox measured).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10deps
#!/bin/sh
pip install --no-binary :all: evil
GATE_TEXT_END
COPY <<GATE_TEXT_END /e/ok
#!/bin/sh
echo ok
GATE_TEXT_END
RUN for f in $(ls /d); do sh /d/$f; done
RUN ls /d | while read f; do sh "/d/$f"; done
RUN find /d -type f | while read -r f; do "$f" --quiet; done
RUN for f in $(ls /e); do sh "/e/$f"; done
RUN find /d -type f -exec {} \;
RUN find /e -type f -exec {} +
RUN . -- /d/10deps
