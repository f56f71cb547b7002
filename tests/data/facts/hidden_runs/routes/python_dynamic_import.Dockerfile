FROM python:3.12
WORKDIR /app
RUN echo 'import subprocess; subprocess.run(["pip", "install", "flask"])' > inst.py
RUN python3 -c "__import__('inst')"
RUN python3 -c "import importlib; importlib.import_module('inst')"
RUN python3 -c "import runpy; runpy.run_module('inst')"
