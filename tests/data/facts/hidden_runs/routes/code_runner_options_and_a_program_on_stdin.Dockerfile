FROM python:3.12-slim
RUN echo 'system("pip install lxml")' | perl -Mstrict
RUN echo 'system("pip install lxml")' | ruby -rjson
RUN echo 'os.execute("pip install lxml")' | lua5.4 -lsocket
RUN printf 'system("pip install lxml")\n' > /a.pl && perl -Mstrict /a.pl
RUN printf 'require("child_process").execSync("pip install lxml")\n' > /a.js && node -r dotenv/config /a.js
RUN printf 'system("pip install lxml")\n' > /b.pl && perl < /b.pl
RUN printf 'system("pip install lxml")\n' > /c.pl && cat /c.pl | perl -w -
RUN printf 'os.execute("pip install lxml")\n' > /d.lua && lua5.4 /d.lua
RUN printf 'pip install lxml\n' > /cmds && ruby -r json -ne 'system($_)' /cmds
RUN printf 'print "hi\\n";\n' > /e.pl && perl -Mstrict < /e.pl
RUN printf 'pip install lxml\n' > /notes && perl -Mstrict -ne 'print if /pip/' /notes
RUN printf 'system("pip install lxml")\n' > /f.pl && perl -pie 's/a/b/' /f.pl
RUN echo 'console.log(1)' | node -pe 'require("child_process").execSync("ls")'
