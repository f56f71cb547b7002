FROM python:3.12 AS cfg
COPY <<EOF /pip.conf
[global]
only-binary = :all:
EOF
FROM python:3.12
COPY --chmod=600 <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN useradd -m app
USER app
RUN pip install --user flask
COPY --chmod=644 <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN pip install --user flask
COPY --chown=app --chmod=600 <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
RUN pip install --user flask
COPY --from=cfg --chmod=0640 /pip.conf /etc/pip.conf
RUN pip install --user flask
