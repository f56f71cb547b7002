FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN pip install before
SHELL ["powershell", "-Command"]
RUN pip install after
RUN ["pip", "install", "exec"]

FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS fresh
RUN pip install fresh
