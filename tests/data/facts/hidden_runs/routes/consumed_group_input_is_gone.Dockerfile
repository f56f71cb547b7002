FROM python:3.12
COPY inst.sh /inst.sh
RUN { while read l; do :; done; sh; } < /inst.sh
RUN { while read -r l; do echo "$l"; done; bash; } <<EOF
pip install flask
EOF
RUN { cat > /tmp/a.sh; cat > /tmp/b.sh; } <<EOF
pip install flask
EOF
RUN sh /tmp/b.sh
