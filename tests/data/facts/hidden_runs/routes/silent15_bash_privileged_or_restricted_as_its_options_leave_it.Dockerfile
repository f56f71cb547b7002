# bash imports exported functions (and SHELLOPTS, and reads $BASH_ENV) unless privileged or
# restricted once all its options are read (bash 5.2 measured with a fake pip on PATH):
# `-p +p` and `-p +o privileged` import, `-op privileged`, `-r`, `--restricted` do not.
FROM python:3.12-slim AS s0
RUN cat() { pip install flask; }; export -f cat; bash -p +p -c 'cat /etc/hostname'
FROM python:3.12-slim AS s1
RUN cat() { pip install flask; }; export -f cat; bash -p +o privileged -c 'cat /etc/hostname'
FROM python:3.12-slim AS s2
RUN cat() { pip install flask; }; export -f cat; bash -pO extglob +p -c 'cat /etc/hostname'
FROM python:3.12-slim AS s3
RUN printf 'pip install flask\n' > /e.sh; BASH_ENV=/e.sh bash -p +p -c true
FROM python:3.12-slim AS s4
# Compliant: these shells run /bin/cat, not the function, and read no $BASH_ENV.
RUN cat() { pip install flask; }; export -f cat; bash -o privileged -c 'cat /etc/hostname'
FROM python:3.12-slim AS s5
RUN cat() { pip install flask; }; export -f cat; bash -op privileged -c 'cat /etc/hostname'
FROM python:3.12-slim AS s6
RUN cat() { pip install flask; }; export -f cat; bash -r -c 'cat /etc/hostname'
FROM python:3.12-slim AS s7
RUN cat() { pip install flask; }; export -f cat; bash --restricted -c 'cat /etc/hostname'
FROM python:3.12-slim AS s8
RUN printf 'pip install flask\n' > /e.sh; BASH_ENV=/e.sh bash -p -c true
FROM python:3.12-slim AS s9
RUN printf 'pip install flask\n' > /e.sh; BASH_ENV=/e.sh bash -o privileged -c true
