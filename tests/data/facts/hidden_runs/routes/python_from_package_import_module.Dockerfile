FROM python:3.12
WORKDIR /app
RUN mkdir pkg && touch pkg/__init__.py && echo 'import subprocess; subprocess.run(["pip", "install", "flask"])' > pkg/inst.py
RUN python3 -c "from pkg import inst"
