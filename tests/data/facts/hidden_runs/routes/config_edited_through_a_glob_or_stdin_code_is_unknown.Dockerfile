FROM python:3.12 AS base
RUN pip config --global set global.only-binary :all:
FROM base AS s0
RUN sed -i 's/all/none/' /etc/*.conf && pip install flask
FROM base AS s1
RUN cd /etc && for f in pip.con?; do dos2unix "$f"; done && pip install flask
FROM base AS s2
RUN python3 - <<'EOF' && pip install flask
open("/etc/pip.conf", "w").write("")
EOF
FROM base AS s3
RUN sed -i 's/\r$//' /usr/local/bin/*.sh /etc/*.sh && chattr +i /etc/pip.conf && setfacl -m u:nobody:r /etc/pip.conf && pip install flask
