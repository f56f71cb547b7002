FROM python:3.12
COPY <<EOF /cmds
!pip install flask
q
EOF
COPY <<EOF /edit
,s/pip install/pip install --only-binary :all:/
w
q
EOF
RUN printf '!pip install flask\nq\n' | ed -s /etc/hosts
RUN ed -s /etc/hosts < /cmds
RUN ex -s /etc/hosts <<'EOF'
w !python3 -m pip install flask
q
EOF
RUN vim -es /etc/hosts < /cmds
RUN echo '.system pip install flask' | sqlite3
RUN printf 'shell pip install flask\n' | gdb -q -nx
RUN ed -s /Dockerfile < /edit
RUN vim /etc/hosts < /cmds
