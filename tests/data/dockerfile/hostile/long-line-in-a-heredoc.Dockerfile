FROM python:3.12
RUN <<EOF
echo hi
echo @LONG@
pip install flask
EOF
