FROM python:3.12-slim
RUN echo 'pip install lxml' > /c && node -e 'require("child_process").execSync(require("fs").readFileSync("/c","utf8"))'
RUN echo 'pip install lxml' > /c && php -r 'passthru(file_get_contents("/c"));'
RUN echo 'pip install lxml' > /c && ruby -e 'system(File.read("/c"))'
RUN echo 'pip install lxml' > /c && awk '{ cmd = $0; cmd | getline; close(cmd) }' /c
RUN echo 'pip install lxml' > /c && node -e 'console.log(require("fs").readFileSync("/c","utf8"))'
RUN echo 'pip install lxml' > /c && node -e 'require("child_process").execSync("ls")'
RUN echo 'pip install lxml' > /c && awk '{ while ((getline line < "/c") > 0) print line }' /c
