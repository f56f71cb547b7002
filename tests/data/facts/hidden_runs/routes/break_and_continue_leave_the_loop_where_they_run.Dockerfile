# A certain `break` ends the loop with the names as that pass left them; a `continue` ends the
# pass; one that may not run (after `&&`, in an `if`) leaves the loop or pass as either.
FROM python:3.12-slim
COPY <<'EOF' /b.txt
--no-binary=:all:
flask
EOF
RUN while read p; do break; done < /b.txt; pip install --only-binary :all: flask $p
RUN for p in --no-binary=:all: x; do break; done; pip install --only-binary :all: flask $p
RUN while read p; do if [ "$p" != flask ]; then break; fi; done < /b.txt; pip install --only-binary :all: flask $p
RUN for p in a b; do [ -n "$X" ] && continue; export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN for p in a b; do if [ -n "$X" ]; then continue; fi; export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN for a in 1; do for b in 1 2; do break 2; done; export PIP_ONLY_BINARY=:all:; done; pip install flask
# compliant: the code after a certain `break` or `continue` never runs
RUN while read p; do continue; pip install flask; done < /b.txt
RUN for p in a b; do continue; pip install flask; done
RUN for a in 1; do export PIP_ONLY_BINARY=:all:; break; unset PIP_ONLY_BINARY; done; pip install flask
RUN while read p; do pip install --only-binary :all: flask; break; done < /b.txt
RUN while read p; do :; done < /b.txt; pip install --only-binary :all: flask $p
RUN for i in 1 2; do (break); export PIP_ONLY_BINARY=:all:; done; pip install flask
RUN for i in 1 2; do echo | break; export PIP_ONLY_BINARY=:all:; done; pip install flask
