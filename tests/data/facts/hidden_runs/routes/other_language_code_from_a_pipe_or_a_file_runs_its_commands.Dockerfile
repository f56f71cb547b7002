FROM python:3.12-slim
RUN echo 'system("pip install lxml")' | perl
RUN echo 'exec pip install lxml' | tclsh
RUN echo 'os.execute("pip install lxml")' | lua -
RUN echo 'require("child_process").execFileSync("pip", ["install", "lxml"])' | node
COPY <<'EOF' /i.rb
system("pip install lxml")
EOF
RUN ruby -w /i.rb
COPY <<'EOF' /i.pl
print "run pip install lxml yourself\n";
EOF
RUN perl /i.pl
RUN echo 'pip install lxml' | awk '{print $1}'
RUN echo '<?php passthru("pip install lxml");' | php
