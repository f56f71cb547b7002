FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
ENV PIP_ONLY_BINARY=:all:
RUN [Environment]::SetEnvironmentVariable('PIP_ONLY_BINARY', $null, 'Process'); pip install flask==3.0.0
RUN ${env:PIP_ONLY_BINARY} = ':none:'; pip install flask==3.0.0
RUN [Environment]::SetEnvironmentVariable('PIP_ONLY_BINARY', ':none:', [System.EnvironmentVariableTarget]::Process); pip install flask==3.0.0
RUN Get-ChildItem Env:PIP_ONLY_BINARY | Remove-Item; pip install flask==3.0.0
