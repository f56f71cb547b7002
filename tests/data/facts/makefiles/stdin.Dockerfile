FROM python:3.12
# GNU make 4.3 reads `-f -` / `-f /dev/stdin` from its input: the heredoc is the Makefile.
RUN make -f /dev/stdin <<EOF
all:
	pip install flask
EOF
RUN make -f - <<'EOF'
all:
	pip install --only-binary :all: django
EOF
# Text on its input the gate does not have (a base image's file): unknown.
RUN make -f - < /opt/base/Makefile
RUN printf 'all:\n\tpip install requests\n' | make -f /dev/fd/0
