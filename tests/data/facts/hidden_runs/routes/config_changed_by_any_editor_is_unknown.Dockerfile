FROM python:3.12 AS base
RUN pip config --global set global.only-binary :all:
FROM base AS s0
RUN awk -i inplace '{sub(/all/,"none")}1' /etc/pip.conf && pip install flask
FROM base AS s1
RUN gawk --include=inplace '{sub(/all/,"none")}1' /etc/pip.conf && pip install flask
FROM base AS s2
RUN awk '{sub(/all/,"none"); print > FILENAME}' /etc/pip.conf && pip install flask
FROM base AS s3
RUN printf '%s\n' ',s/all/none/' w q | ed -s /etc/pip.conf && pip install flask
FROM base AS s4
RUN ex -sc '%s/all/none/|x' /etc/pip.conf && pip install flask
FROM base AS s5
RUN vim -es -c '%s/all/none/' -c wq /etc/pip.conf && pip install flask
FROM base AS s6
RUN python3 -c "open('/etc/pip.conf', 'w').write('')" && pip install flask
FROM base AS s7
RUN crudini --set /etc/pip.conf global only-binary :none: && pip install flask
FROM base AS s8
RUN "$EDITOR" /etc/pip.conf && pip install flask
FROM base AS s9
RUN sed -n 'w /etc/pip.conf' /tmp/x && pip install flask
FROM base AS s10
RUN sort -o /etc/pip.conf /tmp/x && pip install flask
FROM base AS s11
RUN sponge /etc/pip.conf < /tmp/x && pip install flask
FROM base AS s12
RUN cp "$SRC" /etc/pip.conf && pip install flask
FROM base AS s13
RUN EDITOR=vi pip config --global edit && pip install flask
FROM base AS s14
RUN cd /etc && tool --config=pip.conf && pip install flask
