FROM python:3.12
WORKDIR /app
COPY <<'EOF' /app/setup_deps.py
import os; os.system("pip install flask")
EOF
COPY <<'EOF' /app/tools/__main__.py
import subprocess; subprocess.run(["pip", "install", "x"])
EOF
RUN python3 -m setup_deps
RUN python3 -Im tools
RUN python3 -m json.tool /dev/null
RUN python3 -m runpy setup_deps
RUN python3 -mrunpy tools
