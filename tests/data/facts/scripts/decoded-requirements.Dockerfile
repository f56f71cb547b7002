FROM python:3.12
# A requirements file base64 decoded: its text is not known to the gate.
RUN echo LS1uby1iaW5hcnkgOmFsbDoKZmxhc2sK | base64 -d > /r.txt && pip install --only-binary :all: -r /r.txt
# echo writes a known text: judged.
RUN echo flask > /k.txt && pip install --only-binary :all: -r /k.txt
