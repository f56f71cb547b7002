FROM node:20
COPY <<EOF /app/package.json
{"name": "x", "scripts": {"postinstall": "pip install evil"}}
EOF
RUN npm --prefix /app install
RUN npm install --prefix=/app
RUN cd / && npm -C app ci
RUN yarn --cwd /app install
RUN npm install
