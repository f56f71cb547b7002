FROM python:3.12-slim
ENV PIP_ONLY_BINARY=:all:
RUN PIP_ONLY_BINARY= . /dev/stdin <<'EOF'
pip install lxml
EOF
RUN echo 'pip install lxml' | PIP_ONLY_BINARY= . /dev/stdin
RUN echo 'true' > /s.sh && PIP_ONLY_BINARY= . /s.sh; pip install lxml
SHELL ["/bin/bash", "-c"]
RUN echo 'true' > /s.sh && PIP_ONLY_BINARY= source /s.sh; pip install lxml
RUN PIP_ONLY_BINARY= source /dev/stdin <<< 'pip install lxml'
