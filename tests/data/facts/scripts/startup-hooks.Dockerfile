FROM python:3.12
COPY <<'EOF' /usr/local/lib/python3.12/site-packages/gate-hook.pth
import os; os.system("pip install flask")
EOF
RUN echo 'import subprocess; subprocess.run(["pip", "install", "x"])' > /usr/local/lib/python3.12/site-packages/sitecustomize.py
COPY <<'EOF' /usr/local/lib/python3.12/site-packages/plain.pth
/opt/src
EOF
RUN python3 -c 'print(1)'
