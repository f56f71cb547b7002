FROM python:3.12 AS base
RUN useradd -d /app app && mkdir -p /app/.config/pip && printf '[global]\nonly-binary = :all:\n' > /app/.config/pip/pip.conf
FROM base
USER app
RUN pip install flask
FROM python:3.12
COPY --from=base /etc/passwd /etc/passwd
COPY --from=base /app/.config/pip/pip.conf /app/.config/pip/pip.conf
USER app
RUN pip install flask
FROM python:3.12
COPY <<EOF /etc/passwd
root:x:0:0:root:/root:/bin/bash
app:x:1000:1000::/work:/bin/sh
EOF
COPY --from=base /app/.config/pip/pip.conf /app/.config/pip/pip.conf
USER app
RUN pip install flask
USER 1000
RUN pip install flask
