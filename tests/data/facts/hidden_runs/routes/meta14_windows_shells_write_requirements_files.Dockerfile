FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Set-Content -Path C:/r1.txt -Value '--no-binary :all:'; pip install --only-binary :all: -r C:/r1.txt
RUN echo '--no-binary :all:' > C:/r2.txt; pip install --only-binary :all: -r C:/r2.txt
RUN '--no-binary lxml' >> r3.txt; pip install --only-binary :all: -r r3.txt
RUN Out-File -FilePath C:/r4.txt -InputObject '--no-binary :all:'; pip install --only-binary :all: -r C:/r4.txt
RUN pip install --only-binary :all: flask > C:/pip.log; pip install --only-binary :all: requests 2>&1
RUN echo 'requests' > C:/r5.txt; pip install --only-binary :all: flask
SHELL ["cmd", "/S", "/C"]
RUN echo --no-binary :all:> C:\r6.txt && pip install --only-binary :all: -r C:\r6.txt
RUN echo "--no-binary lxml" >> r7.txt && pip install --only-binary :all: -r r7.txt
RUN pip install --only-binary :all: flask > C:\pip.log 2>&1
