FROM python:3.12 AS build
COPY <<EOF /src/api/requirements.txt
--no-binary :all:
EOF
COPY <<EOF /src/requirements.txt
flask
EOF

FROM python:3.12 AS app
COPY --from=build /src/*/requirements.txt /one/
COPY --from=build /src/*requirements.txt /star/
COPY --from=build /src/[^x]pi/requirements.txt /caret/
