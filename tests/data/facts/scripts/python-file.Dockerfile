FROM python:3.12
COPY <<'EOF' /s.py
import os
os.system("pip install flask")
EOF
RUN python3 /s.py
RUN python3 -u < /s.py
RUN cat /s.py | python3
RUN python3 -c 'print(1)' /s.py
