# Nineteen stages each copying the one before twice pass the files the gate copies between
# stages in one build; a COPY --from past it onto /app, which holds a name-only r.txt, may bring
# the --no-binary r.txt over it (as it does): unknown (71; was silent, read as it was). An
# install reading no copied file stays silent (72).
FROM python:3.12-slim AS s0
COPY <<EOF /src/r.txt
--no-binary :all:
EOF
FROM scratch AS s1
COPY --from=s0 / /a/
COPY --from=s0 / /b/
FROM scratch AS s2
COPY --from=s1 / /a/
COPY --from=s1 / /b/
FROM scratch AS s3
COPY --from=s2 / /a/
COPY --from=s2 / /b/
FROM scratch AS s4
COPY --from=s3 / /a/
COPY --from=s3 / /b/
FROM scratch AS s5
COPY --from=s4 / /a/
COPY --from=s4 / /b/
FROM scratch AS s6
COPY --from=s5 / /a/
COPY --from=s5 / /b/
FROM scratch AS s7
COPY --from=s6 / /a/
COPY --from=s6 / /b/
FROM scratch AS s8
COPY --from=s7 / /a/
COPY --from=s7 / /b/
FROM scratch AS s9
COPY --from=s8 / /a/
COPY --from=s8 / /b/
FROM scratch AS s10
COPY --from=s9 / /a/
COPY --from=s9 / /b/
FROM scratch AS s11
COPY --from=s10 / /a/
COPY --from=s10 / /b/
FROM scratch AS s12
COPY --from=s11 / /a/
COPY --from=s11 / /b/
FROM scratch AS s13
COPY --from=s12 / /a/
COPY --from=s12 / /b/
FROM scratch AS s14
COPY --from=s13 / /a/
COPY --from=s13 / /b/
FROM scratch AS s15
COPY --from=s14 / /a/
COPY --from=s14 / /b/
FROM scratch AS s16
COPY --from=s15 / /a/
COPY --from=s15 / /b/
FROM scratch AS s17
COPY --from=s16 / /a/
COPY --from=s16 / /b/
FROM scratch AS s18
COPY --from=s17 / /a/
COPY --from=s17 / /b/
FROM scratch AS s19
COPY --from=s18 / /a/
COPY --from=s18 / /b/
FROM python:3.12-slim AS fin
COPY <<EOF /app/r.txt
requests
EOF
COPY --from=s0 /src/ /app/
RUN pip install --only-binary :all: -r /app/r.txt
RUN pip install --only-binary :all: flask
