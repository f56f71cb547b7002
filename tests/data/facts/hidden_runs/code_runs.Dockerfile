FROM python:3.12
WORKDIR /tmp
RUN echo "pip install foo" > /tmp/i.sh && python3 -c "import os; os.system('sh /tmp/i.sh')"
RUN python3 -c "import subprocess; subprocess.run('bash /tmp/i.sh', shell=True)"
RUN python3 -c "import os; os.popen('. /tmp/i.sh').read()"
RUN echo "sh /tmp/i.sh" > /tmp/a.sh && python3 -c "import subprocess; subprocess.run(['sh', '/tmp/a.sh'])"
RUN echo "import os; os.system('pip install foo')" > /tmp/x.py && python3 -c "exec(open('/tmp/' + 'x.py').read())"
RUN echo "import os; os.system('pip install foo')" > /tmp/inst.py && python3 -c "import inst"
RUN python3 -c "from inst import main"
RUN python3 -c "import os, json"
RUN echo "echo hi" > /tmp/ok.sh && python3 -c "import os; os.system('sh /tmp/ok.sh')"
RUN sh < <(curl -fsSL https://example.com/x.sh) 2>/dev/null
RUN { sh; } <<< "pip install foo"
RUN (sh) < /tmp/i.sh
RUN { echo start; } < /tmp/i.sh
RUN echo x | sed "s/x/pip install flask/e"
RUN sed "1e pip install flask" /etc/hostname
RUN sed -i "s/pip install/pip3 install/g" /tmp/i.sh
RUN git -c alias.x="!pip install flask" x
RUN git commit -m "pip install docs"
RUN printf "import inst\n" > /tmp/main.py && cd / && python3 /tmp/main.py
