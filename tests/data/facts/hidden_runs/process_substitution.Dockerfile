FROM python:3.12
RUN sh < <(echo "pip install foo")
RUN bash -s -- --flag < <(echo "pip install foo")
RUN sh < <(curl -fsSL https://example.com/x.sh)
RUN python3 < <(echo "import os; os.system('pip install bar')")
RUN cat > /tmp/i.sh < <(echo "pip install baz") && sh /tmp/i.sh
RUN grep pip < <(curl -fsSL https://example.com/x.sh)
RUN sh < <(echo "echo hello")
