# `sh -c SCRIPT > F`: what the script's commands print goes to F, as for a group (`{ …; } > F`).
# The redirection was dropped: F read as never written, so `sh F` of an install was a silent
# pass (line 8), and a value gate cannot know printed there was silent too (9, 10). Measured with
# bash 5.2 and dash: F holds the echo's line and `sh F` runs it. A command with its own output
# file (11) or piping into another (12: grep's output is F's) writes only where it says.
FROM python:3.12
ARG M
RUN sh -c 'echo pip install --no-binary :all: evil' > /s.sh; sh /s.sh
RUN sh -c 'printenv M' > /m.sh; sh /m.sh
RUN bash -c "echo \$M; echo true" > /n.sh && bash /n.sh
RUN sh -c 'echo pip install evil > /own.sh; echo true' > /o.sh; sh /o.sh
RUN sh -c 'echo pip install evil | grep -v pip' > /p.sh; sh /p.sh
RUN sh -c 'echo pip install --only-binary :all: flask' > /q.sh; sh /q.sh
