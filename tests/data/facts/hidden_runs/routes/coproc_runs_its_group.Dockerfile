# bash's `coproc NAME { …; }` and `coproc { …; }` run the group (measured, bash 5.2.15);
# tree-sitter-bash reads it as `coproc NAME { CMD` and the rest: the first command was taken
# for `NAME`'s arguments (9, 10: silent; 11: unknown before). Compliant twin: 12 (unknown before).
FROM python:3.12
COPY <<GATE_TEXT_END /d/10-deps.sh
pip install --no-binary :all: evil
GATE_TEXT_END
SHELL ["/bin/bash", "-c"]
RUN coproc NAME { sh /d/10-deps.sh; }; wait
RUN coproc { sh /d/10-deps.sh; }; wait
RUN coproc NAME { pip install --no-binary :all: evil; }; wait
RUN coproc NAME { pip install --only-binary :all: flask; true; }; wait
