FROM python:3.12
ADD https://bootstrap.pypa.io/get-pip.py /tmp/bootstrap.py
RUN python3 /tmp/bootstrap.py
RUN python3 /tmp/bootstrap.py --only-binary :all: requests
RUN python3 -I /tmp/bootstrap.py somepkg
RUN curl -sSL https://install.python-poetry.org -o /opt/p && python3 /opt/p --version 1.8.3
RUN wget -qO /tmp/s https://example.com/scripts/install-pipenv.sh && bash -e /tmp/s
RUN curl -fsSLo /tmp/x 'https://example.com/get-pip.py?v=1' && chmod +x /tmp/x && /tmp/x
RUN curl -fsSL https://bootstrap.pypa.io/get-pip.py > gp.py && . ./gp.py
RUN curl -o /tmp/y.sh https://example.com/setup.sh && sh /tmp/y.sh
RUN curl -o /tmp/z.py https://bootstrap.pypa.io/get-pip.py && echo 'print(1)' > /tmp/z.py && python3 /tmp/z.py
RUN python3 /tmp/bootstrap.py --version
