FROM mcr.microsoft.com/windows/servercore:ltsc2022
ENV PIP_ONLY_BINARY=:all:
SHELL ["powershell", "-Command"]
RUN pip install flask
RUN Remove-Item Env:PIP_ONLY_BINARY; pip install flask
RUN Set-Item -Path Env:PIP_ONLY_BINARY -Value ':none:'; pip install flask
RUN [Environment]::SetEnvironmentVariable('PIP_ONLY_BINARY', $null); pip install flask
RUN [Environment]::SetEnvironmentVariable('PIP_ONLY_BINARY', ':all:', 'Machine'); pip install flask
RUN Remove-Item Env:OTHER; pip install flask
RUN $a='install','flask'; pip @a
RUN Set-Alias p pip; Remove-Item Env:PIP_ONLY_BINARY; p install flask
RUN & ('p'+'ip') install flask
