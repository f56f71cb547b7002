FROM python:3.12
RUN <<EOF
printf -- "--no-binary=:all:" > /xy
pip install --only-binary :all: $(echo six
cat /xy) six
EOF
RUN <<EOF
pip install --only-binary :all: $(echo six | tr
cat /xy) six
EOF
RUN <<EOF
pip install --only-binary :all: $(echo six |
tr a b) six
EOF
