FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN New-Item -Path C:/r1.txt -ItemType File -Value '--no-binary :all:'; pip install --only-binary :all: -r C:/r1.txt
RUN Invoke-WebRequest -Uri https://example.com/r.txt -OutFile C:/r2.txt; pip install --only-binary :all: -r C:/r2.txt
RUN Set-Content C:/r3.txt '--no-binary :all:'
RUN Copy-Item C:/r3.txt C:/r4.txt; pip install --only-binary :all: -r C:/r4.txt
RUN Copy-Item -Path C:/r3.txt -Destination C:/app; pip install --only-binary :all: -r C:/app/r3.txt
RUN New-Item -Path C:/wheels -ItemType Directory; pip install --only-binary :all: flask
SHELL ["cmd", "/S", "/C"]
RUN copy /Y C:\r3.txt C:\r5.txt && pip install --only-binary :all: -r C:\r5.txt
RUN curl -o C:\r6.txt https://example.com/r.txt && pip install --only-binary :all: -r C:\r6.txt
RUN curl -o C:\get.txt https://example.com/r.txt && pip install --only-binary :all: flask
