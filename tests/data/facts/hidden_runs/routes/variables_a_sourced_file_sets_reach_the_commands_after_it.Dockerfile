# `. FILE` sets FILE's variables in the sourcing shell (bash 5.2, dash 0.5.12): read where the build wrote FILE before the step, unknown where it writes it in the step.
FROM python:3.12-slim
RUN printf 'O=--no-binary\n' > /e1.sh; O=--only-binary; . /e1.sh; pip install $O :all: flask
RUN printf 'O=$1\n' > /e2.sh; O=--only-binary; set -- --no-binary; . /e2.sh; pip install $O :all: flask
RUN printf 'read O <<X\n--no-binary\nX\n' > /e3.sh; O=--only-binary; . /e3.sh; pip install $O :all: flask
RUN printf 'O=--no-binary\n' > /e4.sh; O=--only-binary; . /e4.sh; pip install --only-binary :all: flask
RUN printf 'O=--no-binary\n' > /e5.sh
RUN printf 'O=--only-binary\n' > /e6.sh
RUN O=--only-binary; . /e5.sh; pip install $O :all: flask
RUN O=--no-binary; . /e6.sh; pip install $O :all: flask
