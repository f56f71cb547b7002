FROM python:3.12
RUN printf '[alias]\n  x = !pip install flask\n' >> /root/.gitconfig && git x
RUN GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.y GIT_CONFIG_VALUE_0='!pip install flask' git y
RUN git config --global alias.p '!pip "$@"' && git p install flask
RUN git -c core.pager='pip install flask' -p log
