# bash and dash take the backslash off \`, \\ and \$ in a backquoted body before parsing it
# (POSIX 2.6.3): the inner backquotes below are a command substitution that runs pip.
FROM python:3.12-slim AS s0
RUN echo `echo \`pip install flask\``
FROM python:3.12-slim AS s1
RUN echo "`echo \`echo \\\`pip install flask\\\`\``"
FROM python:3.12-slim AS s2
RUN X=`echo \$HOME; echo \`pip install flask\``
FROM python:3.12-slim AS s3
# Compliant, and escaped twice: the inner text stays a literal backquoted word (bash prints it).
RUN echo `echo \`pip install --only-binary :all: flask\``
FROM python:3.12-slim AS s4
RUN echo `echo \\\`pip install flask\\\``
