FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["cmd", "/S", "/C"]
WORKDIR C:/app
COPY <<EOF C:/app/requirements.txt
--only-binary :all:
requests
EOF
RUN pip install -r requirements.txt
RUN pip install -r C:\app\requirements.txt
COPY <<EOF C:/ProgramData/pip/pip.ini
[global]
only-binary = :all:
EOF
RUN pip install flask
COPY <<EOF C:/app/more.txt
--no-binary lxml
lxml
EOF
RUN pip install -r more.txt
