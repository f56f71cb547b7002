FROM python:3.12-slim
COPY <<EOF /r.txt
requests
flask
EOF
RUN echo requests flask | xargs pip install --only-binary :all:
RUN xargs pip install --only-binary :all: < /r.txt
RUN cat /r.txt | xargs -n1 pip install --only-binary :all:
RUN xargs -a /r.txt pip install --only-binary :all:
RUN pip install --only-binary :all: $(cat /r.txt)
RUN echo lxml --no-binary lxml | xargs pip install --only-binary :all:
RUN printf -- '--only-binary=:all:\nsdistpkg\n' | xargs -n1 pip install
RUN printf -- 'a\nb\n' | xargs -n1 pip install --only-binary :all:
RUN printf -- '--only-binary=:all:\nsdistpkg\n' | xargs pip install
