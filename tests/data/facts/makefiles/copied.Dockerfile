FROM python:3.12
WORKDIR /app
COPY . .
RUN make install
RUN make dev
RUN make -C /app deps PIP="pip3"
