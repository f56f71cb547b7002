FROM python:3.12
COPY <<EOF /x.sh
pip install flask
EOF
ONBUILD ADD https://bootstrap.pypa.io/get-pip.py /tmp/p
ONBUILD RUN python3 /tmp/p flask
ONBUILD COPY other.sh /x.sh
ONBUILD RUN sh /x.sh
ONBUILD COPY <<EOF /y.sh
pip install six
EOF
ONBUILD RUN sh /y.sh
RUN sh /x.sh
ONBUILD COPY --from=builder /a /b
