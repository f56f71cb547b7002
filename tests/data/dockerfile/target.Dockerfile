FROM python:3.12 AS deps
RUN pip wheel -r requirements.txt -w /wheels

FROM python:3.12 AS tools
RUN pip install build

FROM python:3.12 AS unrelated
RUN pip install something-else

FROM deps AS app
COPY --from=tools /usr/local/bin/build /usr/local/bin/build
RUN --mount=type=bind,from=cache-stage,target=/c pip install --no-index -f /wheels app

FROM python:3.12 AS cache-stage
RUN pip download x

FROM python:3.12 AS final
RUN pip install final
