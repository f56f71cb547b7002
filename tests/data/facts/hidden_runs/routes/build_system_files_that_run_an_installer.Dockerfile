FROM python:3.12
COPY <<EOF /src/CMakeLists.txt
cmake_minimum_required(VERSION 3.10)
project(x NONE)
include(cmake/deps.cmake)
EOF
COPY <<EOF /src/cmake/deps.cmake
execute_process(COMMAND pip install flask)
EOF
COPY <<EOF /n/build.ninja
rule r
  command = pip install flask
build x: r
EOF
COPY <<EOF /m/meson.build
project('x')
run_command('pip', 'install', 'flask', check: true)
EOF
COPY <<EOF /s/SConstruct
import os
os.system("pip install flask")
EOF
COPY <<EOF /ok/CMakeLists.txt
project(ok NONE)
message(STATUS "no installs here")
EOF
RUN cmake -S /src -B /build
RUN cd /build && cmake /src
RUN ninja -C /n
RUN cd /n && ninja all
RUN meson setup /mb /m
RUN cd /m && meson setup build
RUN scons -C /s
RUN cmake -S /ok -B /okb
RUN cmake --build /build
RUN ninja -C /n -t clean
RUN cd /m && meson compile -C build
