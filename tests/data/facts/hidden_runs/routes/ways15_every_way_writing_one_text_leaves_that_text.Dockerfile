# A command run once per folder the ways of `[ -f /m ] && cd /app` stand in (or in each branch
# of an `if … else`) that leaves one text in an absolute file leaves that text, whichever ran;
# each way reads what it wrote itself, or what was there before. Measured in a chroot with
# bash 5.2 and dash (both alike), /m absent and present: /r.txt holds flask after each of the
# writes of s0–s9 and the append of s3/s4 is made once. Was: either text (the old one kept).
FROM python:3.12-slim AS base
COPY <<'EOF' /r.txt
--no-binary :all:
EOF
COPY <<'EOF' /src.txt
flask
EOF
COPY <<'EOF' /app/r.txt
flask
EOF
COPY <<'EOF' /t.txt
--no-binary :all:
EOF
COPY <<'EOF' /o.txt
--only-binary :all:
EOF
WORKDIR /
FROM base AS s0
RUN [ -f /m ] && cd /app; printf 'flask\n' > /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s1
RUN [ -f /m ] && cd /app; printf 'flask\n' | tee /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s2
RUN [ -f /m ] && cd /app; cp /src.txt /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s3
RUN [ -f /m ] && cd /app; printf 'flask\n' > /r.txt; printf 'requests\n' >> /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s4
RUN [ -f /m ] && cd /app; printf 'flask\n' >> /o.txt; pip install -r /o.txt
FROM base AS s5
RUN [ -f /m ] && cd /app; sed -i 's/no-binary/only-binary/' /r.txt; pip install -r /r.txt
FROM base AS s6
RUN [ -f /m ] && cd /app; printf 'flask\n' > ../r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s7
RUN if [ -f /m ]; then printf 'flask\n' > /r.txt; else printf 'flask\n' > /r.txt; fi; pip install --only-binary :all: -r /r.txt
FROM base AS s8
COPY <<'EOF' /etc/pip.conf
[global]
no-binary = :all:
EOF
RUN [ -f /m ] && cd /app; printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; pip install flask
FROM base AS s9
RUN ln -s /t.txt /l.txt; [ -f /m ] && cd /app; printf 'flask\n' > /l.txt; pip install --only-binary :all: -r /l.txt
FROM base AS s10
RUN [ -f /m ] && cd /app; mv /src.txt /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s11
RUN [ -f /m ] && cd /app; [ -f /q ] && cd /; printf 'flask\n' > /r.txt; pip install --only-binary :all: -r /r.txt
# Each way reads the file it wrote in its own folder (/r.txt or /app/r.txt: flask).
FROM base AS s12
RUN [ -f /m ] && cd /app; printf 'flask\n' > r.txt; pip install --only-binary :all: -r r.txt
# The branches of an `if … else` write other texts: one of them, not what was there (bash:
# flask or requests).
FROM base AS s13
RUN if [ -f /m ]; then printf 'flask\n' > /r.txt; else printf 'requests\n' > /r.txt; fi; pip install --only-binary :all: -r /r.txt
# Still either: the ways write other texts (/r.txt's `--no-binary :all:` or flask, 64); a way
# writes /r.txt, the other /app/r.txt (66); a write that may not run at all (68); an append
# that may follow (70); a way appends `--no-binary :all:` (72); the texts' option lines differ
# (74; 82, where the way in / reads flask alone and builds); a `case` without `*)` may run no
# branch (84).
FROM base AS s14
RUN [ -f /m ] && cd /app; cat r.txt > /x.txt; pip install --only-binary :all: -r /x.txt
FROM base AS s15
RUN [ -f /m ] && cd /app; printf 'flask\n' > r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s16
RUN if [ -f /n ]; then [ -f /m ] && cd /app; printf 'flask\n' > /r.txt; fi; pip install --only-binary :all: -r /r.txt
FROM base AS s17
RUN [ -f /m ] && cd /app; printf 'flask\n' > /r.txt; [ -f /q ] && printf -- '--no-binary :all:\n' >> /r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s18
RUN [ -f /m ] && cd /app; printf 'flask\n' > /r.txt; printf -- '--no-binary :all:\n' >> r.txt; pip install --only-binary :all: -r /r.txt
FROM base AS s19
RUN if [ -f /m ]; then echo '--only-binary :all:' > /r.txt; else echo flask > /r.txt; fi; pip install -r /r.txt
FROM base AS s20
COPY <<'EOF' /app/r.txt
--only-binary :all:
EOF
COPY <<'EOF' /r.txt
flask
EOF
RUN [ -f /m ] && cd /app; cat r.txt > /x.txt; pip install -r /x.txt
FROM base AS s21
RUN case "$X" in a) echo flask > /r.txt;; b) echo flask > /r.txt;; esac; pip install --only-binary :all: -r /r.txt
# Configs each branch writes whole: both set only-binary (silent), one does not (builds).
FROM base AS s22
COPY <<'EOF' /etc/pip.conf
[global]
no-binary = :all:
EOF
RUN if [ -f /m ]; then printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; else printf '[global]\nonly-binary = :all:\ntimeout = 60\n' > /etc/pip.conf; fi; pip install flask
RUN if [ -f /m ]; then printf '[global]\nonly-binary = :all:\n' > /etc/pip.conf; else printf '[global]\ntimeout = 60\n' > /etc/pip.conf; fi; pip install flask
# Removed once per folder way: gone (pip fails, nothing is built); in one branch only, may stay.
FROM base AS s23
RUN [ -f /m ] && cd /app; rm -f /r.txt; pip install --only-binary :all: -r /r.txt
RUN [ -f /m ] && rm -f /t.txt; pip install --only-binary :all: -r /t.txt
