FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["cmd", "/S", "/C"]
COPY <<EOF C:/Users/ContainerAdministrator/pip/pip.ini
[global]
only-binary = :all:
EOF
RUN pip install flask
USER ContainerUser
RUN pip install flask
FROM mcr.microsoft.com/powershell:ubuntu-22.04
COPY <<EOF /etc/pip.conf
[global]
only-binary = :all:
EOF
SHELL ["pwsh", "-Command"]
RUN pip install flask
