# envsubst puts an environment value into its template; a value gate cannot know that it keeps as
# written (`echo $E`, as config templates are read) is code where a shell runs the script (it was
# silent: the script read `echo $E`). A script filled only with known values (11) and a config
# template (12, read as before) stay silent.
FROM python:3.12
ARG M
ARG K=echo
ENV E=$M K=$K
RUN printf '%s\n' 'echo $E' > /t.tpl && envsubst < /t.tpl > /usr/local/bin/run && run
RUN printf '%s\n' 'echo ${E}' | envsubst > /s.sh; sh /s.sh
RUN printf '%s\n' 'echo $K' > /k.tpl && envsubst < /k.tpl > /k.sh && sh /k.sh
RUN printf '%s\n' 'index-url = $E' > /c.tpl && envsubst < /c.tpl > /etc/pip.conf && pip install --only-binary :all: flask
