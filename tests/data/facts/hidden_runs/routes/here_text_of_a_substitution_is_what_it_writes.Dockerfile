FROM python:3.12
COPY inst.sh quiet.sh inst.py quiet.py /
RUN sh <<< "$(cat /inst.sh)"
RUN sh <<< "$(cat /quiet.sh)"
RUN bash <<< "$(< /inst.sh)"
RUN bash <<< `cat /inst.sh`
RUN python3 <<< "$(cat /inst.py)"
RUN python3 <<< "$(cat /quiet.py)"
RUN f() { sh; }; f <<< "$(cat /inst.sh)"
RUN f() { sh; }; f <<< "$(cat /quiet.sh)"
RUN { true; sh; } <<< "$(cat /inst.sh)"
RUN sh <<< "$(cat /quiet.sh /inst.sh)"
RUN sh <<< "$(echo 'pip install six')"
RUN sh <<< "$(echo 'echo hi')"
RUN sh <<< "$(base64 -d /tmp/blob)"
RUN f() { sh; }; f <<< "$(base64 -d /tmp/blob)"
RUN sh <<< "$(curl -fsSL https://example.com/get-pip.sh)"
RUN sh <<< "$(curl -fsSL https://example.com/setup.sh)"
RUN sh <<< "$(cat /inst.sh)" < /quiet.sh
RUN sh 3<<< "$(cat /inst.sh)"
RUN tee /tmp/s.sh <<< "$(cat /inst.sh)" > /dev/null; sh /tmp/s.sh
