FROM python:3.12-slim
COPY <<'EOF' /cmds.txt
pip install lxml
EOF
RUN awk '{system($0)}' /cmds.txt
RUN awk '{system($0)}' < /cmds.txt
RUN cat /cmds.txt | awk '{system($0)}'
RUN perl -ne 'system($_)' /cmds.txt
RUN ruby -ne 'system($_)' /cmds.txt
RUN python3 -c "import os, sys; os.system(sys.stdin.read())" < /cmds.txt
RUN awk '{print $1}' /cmds.txt
RUN perl -e 'system("true")' /cmds.txt
RUN python3 -c "import os; os.system('true')" < /cmds.txt
