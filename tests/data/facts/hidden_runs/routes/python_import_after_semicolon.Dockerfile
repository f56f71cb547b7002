FROM python:3.12
WORKDIR /app
RUN echo 'import subprocess; subprocess.run(["pip", "install", "flask"])' > inst.py
RUN python3 -c "import sys; import inst"
