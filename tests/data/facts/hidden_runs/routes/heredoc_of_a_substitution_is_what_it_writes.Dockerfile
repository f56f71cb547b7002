FROM python:3.12
COPY inst.sh quiet.sh inst.py quiet.py /
RUN sh <<EOF
$(cat /inst.sh)
EOF
RUN sh <<EOF
$(cat /quiet.sh)
EOF
RUN python3 <<EOF
$(cat /inst.py)
EOF
RUN python3 <<EOF
$(cat /quiet.py)
EOF
RUN sh <<EOF
set -e
  $(cat /inst.sh)
EOF
RUN sh <<EOF
set -e
$(cat /quiet.sh)
echo "$(cat /inst.sh)"
EOF
RUN sh <<EOF
set -e
$(base64 -d /tmp/blob)
EOF
RUN sh <<EOF
$(echo pip install six)
echo done
EOF
