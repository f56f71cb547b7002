FROM python:3.12
RUN echo 'pip install foo' > /tmp/i.sh && python -c "import subprocess; subprocess.run(['sh', '/tmp/i.sh'])"
RUN printf 'import os\nos.system("pip install bar")\n' > /tmp/x.py && python3 -c "exec(open('/tmp/x.py').read())"
RUN python3 -c "import runpy, sys; runpy.run_path(sys.argv[1])" /tmp/x.py
RUN cd /tmp && python3 -c "exec(open('x.py').read())"
RUN printf 'import runpy\nrunpy.run_path("/tmp/x.py")\n' > /tmp/y.py && python3 /tmp/y.py
RUN python3 -c "import json; print(open('/tmp/x.py').read())"
RUN echo 'print(1)' > /tmp/ok.py && python3 -c "exec(open('/tmp/ok.py').read())"
RUN python3 -c "import urllib.request as u; u.urlretrieve('https://bootstrap.pypa.io/get-pip.py', '/tmp/gp.py')"
RUN python3 -c "import urllib.request as u; exec(u.urlopen('https://bootstrap.pypa.io/get-pip.py').read())"
RUN python3 -c "print('get pip from https://bootstrap.pypa.io/get-pip.py')"
