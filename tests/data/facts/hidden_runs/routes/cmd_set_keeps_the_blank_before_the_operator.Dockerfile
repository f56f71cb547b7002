FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["cmd", "/S", "/C"]
RUN set PIP_ONLY_BINARY=:all: && pip install flask
RUN set PIP_ONLY_BINARY=:all:&& pip install flask
RUN set "PIP_ONLY_BINARY=:all:" && pip install flask
RUN set PIP_ONLY_BINARY=:all: & pip install flask
RUN set PIP_ONLY_BINARY =:all:&& pip install flask
RUN set PIP_ONLY_BINARY=:all:
RUN pip install flask
