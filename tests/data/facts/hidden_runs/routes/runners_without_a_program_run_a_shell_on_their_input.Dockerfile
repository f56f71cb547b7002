FROM python:3.12
RUN printf 'pip install flask\n' | newgrp root
RUN newgrp root <<<'pip install flask'
RUN printf 'pip install flask\n' | script -q /dev/null
RUN printf 'pip install flask\n' | chroot /
RUN printf 'pip install flask\n' | unshare -r
RUN printf 'pip install flask\n' | nsenter -t 1 -m
RUN printf 'pip install --only-binary :all: flask\n' | script -q /dev/null
RUN chroot /
RUN printf 'pip install flask\n' > /x.txt && script -q /dev/null -c 'cat /x.txt'
