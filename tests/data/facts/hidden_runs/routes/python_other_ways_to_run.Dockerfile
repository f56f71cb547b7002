FROM python:3.12
RUN echo 'pip install flask' > /tmp/i.sh
RUN echo 'import subprocess; subprocess.run(["pip", "install", "flask"])' > /tmp/x.py
RUN python3 -c "from os import system; system('sh /tmp/i.sh')"
RUN python3 -c "import os as o; o.system('sh /tmp/i.sh')"
RUN python3 -c "import asyncio; asyncio.run(asyncio.create_subprocess_exec('sh', '/tmp/i.sh'))"
RUN python3 -c "import subprocess; subprocess.run(['sh', 'i.sh'], cwd='/tmp')"
RUN python3 -c "import os; os.chdir('/tmp'); os.system('sh i.sh')"
RUN python3 -c "import os; exec(open(os.path.join('/tmp', 'x.py')).read())"
RUN python3 -c "exec(open('/tmp/' 'x.py').read())"
RUN python3 -c "import importlib.machinery as m; m.SourceFileLoader('x', '/tmp/x.py').load_module()"
