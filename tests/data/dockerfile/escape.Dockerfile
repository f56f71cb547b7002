# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
WORKDIR C:\\app
RUN python -m pip install `
    # a comment inside the continuation
    flask
ENV PIP_INDEX="C:\\wheels"
RUN pip install x
