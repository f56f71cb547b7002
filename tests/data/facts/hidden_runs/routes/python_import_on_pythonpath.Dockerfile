FROM python:3.12
RUN mkdir /opt/lib && echo 'import subprocess; subprocess.run(["pip", "install", "flask"])' > /opt/lib/inst.py
ENV PYTHONPATH=/opt/lib
RUN python3 -c "import inst"
