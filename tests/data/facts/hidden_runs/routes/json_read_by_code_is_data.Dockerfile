FROM python:3.12
RUN echo '{"cmd": "pip install flask"}' > /tmp/c.json
RUN python3 -c "import json, subprocess; print(json.load(open('/tmp/c.json')))"
