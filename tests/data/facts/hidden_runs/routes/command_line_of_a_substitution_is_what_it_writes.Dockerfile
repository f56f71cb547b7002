FROM python:3.12
COPY inst.sh quiet.sh /
RUN $(cat /inst.sh)
RUN `cat /inst.sh`
RUN "$(< /inst.sh)"
RUN $(cat /quiet.sh)
RUN $(base64 -d /tmp/blob)
RUN sh <<'EOF'
$(cat /inst.sh)
EOF
RUN sh <<EOF
$(cat /inst.sh) && echo ok
EOF
RUN sh <<< "$(cat /inst.sh) "
RUN sh <<< "$(cat /quiet.sh) "
RUN $(cat /tmp/unknown.sh)
