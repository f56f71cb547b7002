FROM python:3.12-slim
COPY <<EOF /app/requirements.txt
# --no-binary :all:
flask==3.0.0
EOF
COPY <<EOF /app/plain.txt
# pinned by the lock
flask==3.0.0
EOF
RUN sed -i '1s/^# //' /app/requirements.txt && pip install --only-binary :all: -r /app/requirements.txt
RUN sed -i 's/==.*//' /app/plain.txt && pip install --only-binary :all: -r /app/plain.txt
RUN pip install --only-binary :all: -r /app/requirements.txt
COPY <<EOF /app/other.txt
# --no-binary :all:
flask==3.0.0
EOF
RUN pip install --only-binary :all: -r /app/other.txt
COPY <<EOF /app/added.txt
flask==3.0.0
EOF
RUN sed -i '1i --no-binary :all:' /app/added.txt && pip install --only-binary :all: -r /app/added.txt
