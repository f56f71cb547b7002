# A here-text holding an ARG of no known value: X may hold blanks and newlines (X='a<newline>x
# --no-binary=:all:' gives a second pass with q='--no-binary=:all: flask'), so the loop over it
# is not unrolled over the text as written.
FROM python:3.12-slim
ARG X
RUN while read p q; do pip install --only-binary :all: $q; done <<EOF
$X flask
EOF
RUN while read -r p q; do pip install --only-binary :all: $q; done <<< "$X flask"
# compliant: a here-text gate reads whole
RUN while read p q; do pip install --only-binary :all: $q; done <<EOF
a flask
EOF
