# Each stage copies the one before twice, so its files double: 20 stages held a million files
# (4 s, 200 MB; 40 stages ran out of memory). Past the build's bound the copy is a folder of
# unknown content: the last install reads a file beneath it.
FROM python:3.12 AS s0
COPY <<EOF /r.txt
--only-binary :all:
flask
EOF
FROM python:3.12 AS s1
COPY --from=s0 / /a/
COPY --from=s0 / /b/
RUN pip install --only-binary :all: -r /a/r.txt
FROM python:3.12 AS s2
COPY --from=s1 / /a/
COPY --from=s1 / /b/
FROM python:3.12 AS s3
COPY --from=s2 / /a/
COPY --from=s2 / /b/
FROM python:3.12 AS s4
COPY --from=s3 / /a/
COPY --from=s3 / /b/
FROM python:3.12 AS s5
COPY --from=s4 / /a/
COPY --from=s4 / /b/
FROM python:3.12 AS s6
COPY --from=s5 / /a/
COPY --from=s5 / /b/
FROM python:3.12 AS s7
COPY --from=s6 / /a/
COPY --from=s6 / /b/
FROM python:3.12 AS s8
COPY --from=s7 / /a/
COPY --from=s7 / /b/
FROM python:3.12 AS s9
COPY --from=s8 / /a/
COPY --from=s8 / /b/
FROM python:3.12 AS s10
COPY --from=s9 / /a/
COPY --from=s9 / /b/
FROM python:3.12 AS s11
COPY --from=s10 / /a/
COPY --from=s10 / /b/
FROM python:3.12 AS s12
COPY --from=s11 / /a/
COPY --from=s11 / /b/
FROM python:3.12 AS s13
COPY --from=s12 / /a/
COPY --from=s12 / /b/
FROM python:3.12 AS s14
COPY --from=s13 / /a/
COPY --from=s13 / /b/
FROM python:3.12 AS s15
COPY --from=s14 / /a/
COPY --from=s14 / /b/
FROM python:3.12 AS s16
COPY --from=s15 / /a/
COPY --from=s15 / /b/
FROM python:3.12 AS s17
COPY --from=s16 / /a/
COPY --from=s16 / /b/
FROM python:3.12 AS s18
COPY --from=s17 / /a/
COPY --from=s17 / /b/
FROM python:3.12 AS s19
COPY --from=s18 / /a/
COPY --from=s18 / /b/
FROM python:3.12 AS s20
COPY --from=s19 / /a/
COPY --from=s19 / /b/
RUN pip install --only-binary :all: -r /a/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/r.txt
