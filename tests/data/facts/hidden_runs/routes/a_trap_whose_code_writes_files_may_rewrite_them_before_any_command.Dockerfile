# bash 5.2: a DEBUG trap runs before each command, ERR after a failing one: trap code that writes a
# file may rewrite it right before the install that reads it (here pip reads --no-binary :all:).
FROM python:3.12
SHELL ["/bin/bash", "-c"]
RUN trap 'echo "--no-binary :all:" > r.txt' DEBUG; echo flask > r.txt; pip install --only-binary :all: -r r.txt
RUN trap 'echo "--no-binary :all:" > r.txt' ERR; echo flask > r.txt; false; pip install --only-binary :all: -r r.txt
RUN trap 'cp /n.txt r.txt' ERR; echo flask > r.txt; false; pip install --only-binary :all: -r r.txt
RUN trap 'echo failed >&2; echo x > /dev/null' ERR; echo flask > r.txt; pip install --only-binary :all: -r r.txt
