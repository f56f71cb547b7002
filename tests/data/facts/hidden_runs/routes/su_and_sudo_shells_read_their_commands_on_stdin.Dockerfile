FROM python:3.12
RUN useradd -m app
RUN echo 'pip install flask' | su app
RUN su app <<'EOF'
pip install flask
EOF
RUN echo 'pip install flask' | runuser app -s /bin/bash
RUN echo 'pip install flask' | sudo -u app -s
RUN echo 'pip install flask' | sudo -iu app
RUN echo 'pip install flask' | doas -u app -s
RUN echo 'pip install --only-binary :all: flask' | su app
RUN su app
