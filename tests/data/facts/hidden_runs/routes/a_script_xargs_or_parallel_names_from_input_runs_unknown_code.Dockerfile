# A shell or interpreter whose script xargs or parallel names from input gate does not read
# runs a script gate cannot follow (lines 9-14, silent before); input gate reads is followed
# (line 15, builds); code given inline, a module, and programs that run no script stay as
# they were (16-18).
FROM python:3.12
COPY <<GATE_TEXT_END /s.sh
pip install --no-binary :all: evil
GATE_TEXT_END
RUN printf '/s.sh\0' | xargs -0 sh
RUN printf '/s.sh\0' | xargs --null -n1 bash -e
RUN echo /s.sh | xargs -I{} sh {}
RUN ls / | xargs -n1 python3
RUN ls / | xargs -n1 perl
RUN parallel sh {} ::: /s.sh
RUN echo /s.sh | xargs sh
RUN echo /s.sh | xargs sh -c 'echo "$0"'
RUN find / -name '*.py' | xargs python3 -m py_compile
RUN find / -name '*.sh' -print0 | xargs -0 chmod +x
