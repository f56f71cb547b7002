FROM python:3.12
COPY <<EOF /src/CMakeLists.txt
cmake_minimum_required(VERSION 3.10)
project(x NONE)
# Python bindings: pip install -e . from the top folder
message(STATUS "Docs need: pip install sphinx")
MESSAGE(WARNING "pip install"
        " numpy first")
EOF
COPY <<EOF /root/.gitconfig
[alias]
	co = checkout
; the hooks need: pip install pre-commit
# pip install pre-commit
EOF
COPY <<EOF /n/build.ninja
rule r
  command = echo x$
# ; pip install flask
build out: r
EOF
COPY <<EOF /m/meson.build
project('x')
message(run_command('pip', 'install', 'flask', check: true).stdout())
EOF
COPY <<EOF /g/hooks/post-checkout
#!/bin/sh
# pip install flask
echo checked out
EOF
RUN cmake -S /src -B /build
RUN git clone --template=/g https://example.com/x/y
RUN ninja -C /n
RUN meson setup /mb /m
