# Files the build writes with a value gate cannot know, reached other ways than `sh F`: a
# Makefile make reads (its recipes are that value's code; GNUmakefile before Makefile, as GNU
# make 4.3 reads them), a copy of a here-string on /dev/stdin, a .pth file every later python
# runs. They were silent. A file nothing runs (13) and known text (14-16) stay silent.
FROM python:3.12
ARG M
RUN printenv M > /app/Makefile && make -C /app
RUN echo "$M" > /b/GNUmakefile && cd /b && make
RUN echo "all:" > /b/Makefile && make -C /b
RUN cp /dev/stdin /s.sh <<< "$M"; sh /s.sh
RUN install -m755 /dev/stdin /usr/local/bin/x <<< "$M"; x
RUN printenv M > /usr/local/lib/python3.12/site-packages/x.pth
RUN printenv M > /usr/local/lib/python3.12/site-packages/notes.txt
RUN cp /dev/stdin /k.sh <<< "echo hi"; sh /k.sh
RUN printf 'all:\n\techo hi\n' > /c/Makefile && make -C /c
RUN echo "import os" > /usr/local/lib/python3.12/site-packages/y.pth
