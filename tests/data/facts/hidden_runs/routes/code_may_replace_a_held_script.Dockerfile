FROM python:3.12-slim
RUN printf 'echo hi\n' > /s.sh
RUN python3 -c "import os; fd = os.open('/s.sh', os.O_WRONLY | os.O_TRUNC); os.write(fd, os.environ['M'].encode())" && sh /s.sh
RUN python3 -c "import shutil, os; shutil.copy(os.environ['M'], '/s.sh')" && sh /s.sh
RUN python3 -c "import os; os.replace(os.environ['M'], '/s.sh')" && sh /s.sh
RUN python3 -c "from pathlib import Path as P; import os; P('/s.sh').write_text(os.environ['M'])" && sh /s.sh
RUN perl -e 'open(F, ">", "/s.sh"); print F $ENV{M}' && sh /s.sh
RUN node -e 'require("fs").writeFileSync("/s.sh", process.env.M)' && sh /s.sh
RUN printf 'echo hi\n' > /t.sh && python3 -c "print(open('/t.sh').read())" && sh /t.sh
RUN python3 -c "import os; os.write(1, b'x')" && sh /t.sh
