# 75 stages FROM one holding 32,769 files pass the files the gate keeps for a build's stage
# ends: t74's end is a folder of unknown content, and a COPY --from of it onto /app, which holds
# a name-only r.txt, may bring the --no-binary r.txt over it (as it does): unknown (211; was
# silent, read as it was). An install reading no copied file stays silent (212).
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
FROM s15 AS t0
COPY <<EOF /src/r.txt
--no-binary :all:
EOF
FROM t0 AS t1
RUN true
FROM t1 AS t2
RUN true
FROM t2 AS t3
RUN true
FROM t3 AS t4
RUN true
FROM t4 AS t5
RUN true
FROM t5 AS t6
RUN true
FROM t6 AS t7
RUN true
FROM t7 AS t8
RUN true
FROM t8 AS t9
RUN true
FROM t9 AS t10
RUN true
FROM t10 AS t11
RUN true
FROM t11 AS t12
RUN true
FROM t12 AS t13
RUN true
FROM t13 AS t14
RUN true
FROM t14 AS t15
RUN true
FROM t15 AS t16
RUN true
FROM t16 AS t17
RUN true
FROM t17 AS t18
RUN true
FROM t18 AS t19
RUN true
FROM t19 AS t20
RUN true
FROM t20 AS t21
RUN true
FROM t21 AS t22
RUN true
FROM t22 AS t23
RUN true
FROM t23 AS t24
RUN true
FROM t24 AS t25
RUN true
FROM t25 AS t26
RUN true
FROM t26 AS t27
RUN true
FROM t27 AS t28
RUN true
FROM t28 AS t29
RUN true
FROM t29 AS t30
RUN true
FROM t30 AS t31
RUN true
FROM t31 AS t32
RUN true
FROM t32 AS t33
RUN true
FROM t33 AS t34
RUN true
FROM t34 AS t35
RUN true
FROM t35 AS t36
RUN true
FROM t36 AS t37
RUN true
FROM t37 AS t38
RUN true
FROM t38 AS t39
RUN true
FROM t39 AS t40
RUN true
FROM t40 AS t41
RUN true
FROM t41 AS t42
RUN true
FROM t42 AS t43
RUN true
FROM t43 AS t44
RUN true
FROM t44 AS t45
RUN true
FROM t45 AS t46
RUN true
FROM t46 AS t47
RUN true
FROM t47 AS t48
RUN true
FROM t48 AS t49
RUN true
FROM t49 AS t50
RUN true
FROM t50 AS t51
RUN true
FROM t51 AS t52
RUN true
FROM t52 AS t53
RUN true
FROM t53 AS t54
RUN true
FROM t54 AS t55
RUN true
FROM t55 AS t56
RUN true
FROM t56 AS t57
RUN true
FROM t57 AS t58
RUN true
FROM t58 AS t59
RUN true
FROM t59 AS t60
RUN true
FROM t60 AS t61
RUN true
FROM t61 AS t62
RUN true
FROM t62 AS t63
RUN true
FROM t63 AS t64
RUN true
FROM t64 AS t65
RUN true
FROM t65 AS t66
RUN true
FROM t66 AS t67
RUN true
FROM t67 AS t68
RUN true
FROM t68 AS t69
RUN true
FROM t69 AS t70
RUN true
FROM t70 AS t71
RUN true
FROM t71 AS t72
RUN true
FROM t72 AS t73
RUN true
FROM t73 AS t74
RUN true
FROM python:3.12-slim AS fin
COPY <<EOF /app/r.txt
requests
EOF
COPY --from=t74 /src/ /app/
RUN pip install --only-binary :all: -r /app/r.txt
RUN pip install --only-binary :all: flask
