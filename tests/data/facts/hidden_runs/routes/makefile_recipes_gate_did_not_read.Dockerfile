FROM python:3.12
WORKDIR /app
COPY <<'EOF' /app/read.mk
X := $(shell pip install evil)
all:
	true
EOF
COPY <<'EOF' /app/default.mk
.DEFAULT:
	pip install evil $@
all: foo
EOF
COPY <<'EOF' /app/pattern.mk
%:
	pip install evil $@
all:
EOF
COPY <<'EOF' /app/suffix.mk
.SUFFIXES: .in .out
.in.out:
	pip install evil $@
all: x.out
EOF
COPY <<'EOF' /app/define.mk
define SETCMD
$(eval CMD = pip)
endef
CMD = echo
all:
	echo $(SETCMD)
	$(CMD) install evil
EOF
COPY <<'EOF' /app/unreached.mk
CMD = echo
other:
	$(eval CMD = pip)
all:
	$(CMD) install evil
EOF
COPY <<'EOF' /app/compliant.mk
X := $(shell pip install --only-binary :all: flask)
all:
	true
EOF
RUN make -f read.mk all
RUN make -f default.mk all
RUN make -f pattern.mk all
RUN make -f suffix.mk all
RUN make -f define.mk all
RUN make -f unreached.mk all
RUN make -f compliant.mk all
