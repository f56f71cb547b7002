FROM python:3.12
ARG INDEX=https://pypi.example/simple
ARG MIRROR
WORKDIR /app
COPY <<EOF /etc/pip.conf
[global]
index-url = $INDEX
extra-index-url = $MIRROR
only-binary = :all:
EOF
COPY <<'EOF' requirements.txt
flask==$NOT_EXPANDED
EOF
COPY <<A <<B conf/
first $INDEX
A
second
B
COPY <<-EOF /etc/chomped.conf
	tabbed
	EOF
