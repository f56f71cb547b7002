FROM python:3.12
WORKDIR /app
RUN printf 'flask\n' > req.txt && printf -- '--only-binary=:all: flask\n' > bin.txt && printf -- '--only-binary=:all: a\nb\n' > two.txt
RUN xargs -a req.txt pip install
RUN xargs --arg-file=bin.txt pip install
RUN xargs --arg bin.txt pip install
RUN curl -s https://example.com/list | xargs -abin.txt pip install
RUN xargs -a req.txt pip install --only-binary :all:
RUN xargs --arg-file bin.txt -n1 pip install
RUN xargs -a "$LIST" pip install --only-binary :all:
RUN xargs -a bin.txt -0 pip install
RUN xargs -a bin.txt -a req.txt pip install --only-binary :all:
RUN xargs -L1 -a two.txt pip install
RUN xargs -a bin.txt -L1 pip install
