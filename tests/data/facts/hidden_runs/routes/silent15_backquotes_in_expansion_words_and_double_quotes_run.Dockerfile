# tree-sitter-bash reads backquotes in a parameter expansion's word (`${X:-`…`}`, `${X#`…`}`,
# `${X/`…`/`…`}`, `${X:+a `…`}`) as plain text; bash and dash run them where the word is
# expanded (as `${X:-$(…)}`, walked either way). In double quotes a backquoted body also loses
# the backslash of `\"` (POSIX 2.6.3): "`eval \"pip install x\"`" runs pip (bash 5.2, dash
# 0.5.12 measured with a fake pip).
FROM python:3.12-slim AS s0
RUN echo ${X:-`pip install flask`}
RUN echo "${X-`echo \`pip install flask\``}"
RUN Y=${X:=`pip install flask`}
RUN echo ${X#`pip install flask`}
RUN echo ${X/`true`/`pip install flask`}
RUN echo ${X:+a b `pip install flask`}
RUN echo "`eval \"pip install flask\"`"
# Compliant: quoted or escaped backquotes are text, and a plain body installs nothing.
RUN echo ${X:-'`pip install flask`'}
RUN echo ${X:-\`pip install flask\`}
RUN echo ${X:-`echo hi`} && pip install --only-binary :all: flask
RUN echo `eval \"pip install flask\"`
