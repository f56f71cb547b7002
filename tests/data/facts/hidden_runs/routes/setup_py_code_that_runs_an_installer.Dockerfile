FROM python:3.12
COPY <<EOF /app/setup.py
import os
os.system("pip install flask")
from setuptools import setup
setup(name="app", version="1")
EOF
COPY <<EOF /ok/setup.py
from setuptools import setup
print("if this fails, run pip install setuptools")
setup(name="ok", version="1")
EOF
WORKDIR /app
RUN python3 setup.py --version
RUN pip install --only-binary :all: --no-deps .
RUN uv pip install --system --no-build -e /app
RUN python3 /ok/setup.py --version
RUN pip install --only-binary :all: /ok
