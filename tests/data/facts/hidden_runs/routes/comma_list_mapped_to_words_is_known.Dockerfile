FROM python:3.12
ARG GROUPS="six,idna"
ARG HOSTILE="six,--no-binary=:all:"
RUN for g in $(echo "$GROUPS" | tr ',' ' '); do pip install --only-binary :all: $g; done
RUN for g in $(echo "$GROUPS" | tr ',' ' '); do pip install $g; done
RUN pip install --only-binary :all: $(echo "$HOSTILE" | tr ',' ' ')
RUN pip install --only-binary :all: $(echo "$HOSTILE" | tr , ' ') idna
