# A script the build writes down a pipe with a value gate cannot know (`echo "$M" | tee F`,
# `| cat > F`, through a second tee) holds that value as code, as `echo "$M" > F` does: running
# it is unknown. It was silent (the pipe's text was unknown, the file a plain unread one);
# measured with bash 5.2, dash and busybox sh: the piped line runs. Known text down the pipe is
# judged as before (line 11).
FROM python:3.12
ARG M
RUN echo "$M" | tee /s.sh
RUN sh /s.sh
RUN echo "$M" | cat > /c.sh && sh /c.sh
RUN echo "$M" | tee /x | tee /y.sh; sh /y.sh
RUN echo "pip install x" | tee /k.sh; sh /k.sh
