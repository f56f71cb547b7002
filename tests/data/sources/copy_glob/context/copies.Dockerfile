FROM python:3.12
COPY pkgs/*/requirements.txt /tmp/dir/
COPY pkgs/*requirements.txt /tmp/star/
COPY */*/api.txt /tmp/two/
COPY pkgs/*/[aw]*.txt /tmp/many/
COPY sub/[^x].txt /tmp/caret/
COPY sub/[!x].txt /tmp/bang/
COPY sub/[x.txt /tmp/malformed/
COPY pkgs/a?i /tmp/folder/
