FROM python:3.12
COPY <<EOF /a/pyproject.toml
[build-system]
requires = []
build-backend = "backend"
backend-path = ["_build"]
[project]
name = "a"
version = "1"
EOF
COPY <<EOF /a/_build/backend.py
import subprocess
subprocess.run(["pip", "install", "flask"])
EOF
COPY <<EOF /b/pyproject.toml
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
[project]
name = "b"
version = "1"
EOF
COPY <<EOF /b/hatch_build.py
import os
os.system("pip install flask")
EOF
COPY <<EOF /c/pyproject.toml
[build-system]
requires = ["scikit-build-core"]
build-backend = "scikit_build_core.build"
[project]
name = "c"
version = "1"
EOF
COPY <<EOF /c/CMakeLists.txt
execute_process(COMMAND python3 -m pip install flask)
EOF
COPY <<EOF /d/pyproject.toml
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
[project]
name = "d"
version = "1"
EOF
COPY <<EOF /d/build.py
print("pip install flask")
EOF
RUN pip install --only-binary :all: /a
RUN pip install --only-binary :all: --no-deps /b
RUN pip install --only-binary :all: /c
RUN pip install --only-binary :all: /d
