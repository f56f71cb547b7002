# Each probe in a stage of its own. runc follows a link at or above a mount's target.
FROM python:3.12-slim AS src
COPY <<'EOF' /x/r.txt
--no-binary :all:
EOF
FROM python:3.12-slim AS s0
COPY <<'EOF' /m/r.txt
flask
EOF
RUN ln -s /m /l
RUN --mount=type=cache,target=/l pip install --only-binary :all: -r /m/r.txt
RUN --mount=type=cache,target=/l/ pip install --only-binary :all: -r /m/r.txt
RUN --mount=type=bind,from=src,source=/x,target=/l pip install --only-binary :all: -r /m/r.txt
RUN pip install --only-binary :all: -r /m/r.txt
RUN --mount=type=cache,target=/l while read -r p; do pip install --only-binary :all: $p; done < /m/r.txt
FROM python:3.12-slim AS s1
COPY <<'EOF' /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN ln -s /etc /l
RUN --mount=type=tmpfs,target=/l pip install flask
RUN --mount=type=tmpfs,target=/l/x pip install flask
FROM python:3.12-slim AS s2
WORKDIR /w
COPY <<'EOF' /m/sub/r.txt
flask
EOF
RUN ln -s /m/sub/r.txt /f && ln -s ../m l
RUN --mount=type=secret,id=x,target=/f pip install --only-binary :all: -r /m/sub/r.txt
RUN --mount=type=cache,target=l/sub pip install --only-binary :all: -r /m/sub/r.txt
RUN --mount=type=cache,target=/elsewhere pip install --only-binary :all: -r /m/sub/r.txt
FROM python:3.12-slim AS p3
ONBUILD COPY <<'EOF' /m/r.txt
flask
EOF
ONBUILD RUN ln -s /m /l && ln -s /l /k
ONBUILD RUN --mount=type=cache,target=/k pip install --only-binary :all: -r /m/r.txt
FROM p3 AS c3
