# An alias whose value ends in a blank has the next word alias-expanded too, in a chain (dash 0.5.12, bash 5.2 with expand_aliases); not where the value ends otherwise.
FROM python:3.12-slim
RUN <<EOF
alias pi='pip install --only-binary :all: ' nb='--no-binary'
pi nb :all: flask
EOF
RUN <<EOF
alias s='sudo ' p='pip ' i='install --only-binary :all: ' nb='--no-binary'
s p i nb :all: flask
EOF
RUN <<EOF
alias pi='pip install --only-binary :all:' ob='--only-binary'
pi --no-binary :all: ob :all: flask
EOF
RUN <<EOF
alias pi='pip install ' ob='--only-binary'
pi ob :all: flask
EOF
