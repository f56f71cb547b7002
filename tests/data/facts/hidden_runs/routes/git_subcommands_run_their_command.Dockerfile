FROM python:3.12
RUN printf 'pip install lxml\n' > /s.sh && printf 'echo ok\n' > /ok.sh
RUN git submodule foreach 'pip install flask'
RUN git submodule foreach --recursive pip install flask
RUN git rebase -x 'sh /s.sh' HEAD~1
RUN git bisect run sh /s.sh
RUN git filter-branch --tree-filter 'sh /s.sh' HEAD
RUN git submodule foreach 'pip install --only-binary :all: flask'
RUN git rebase -x 'sh /ok.sh' HEAD~1
RUN git submodule update --init --recursive
