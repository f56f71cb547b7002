FROM python:3.12
COPY --chmod=755 <<'EOF' /usr/local/bin/deps
#!/usr/bin/env -S sh -c "pip install flask"
echo this is the script body
EOF
RUN deps
COPY --chmod=755 <<'EOF' /usr/local/bin/deps2
#!/usr/bin/env -S python3 -u
import os; os.system("pip install flask")
EOF
RUN deps2
