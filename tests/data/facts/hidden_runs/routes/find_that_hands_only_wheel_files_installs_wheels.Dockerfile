FROM python:3.12-slim AS build
RUN pip wheel --only-binary :all: -w /wheels flask
FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN find /wheels -type f -name '*.whl' -exec pip install --no-deps --only-binary :all: {} +
RUN find /wheels -name '*.whl' -type f -print -exec pip install --only-binary :all: {} \;
RUN find /wheels \( -type f -name '*.whl' \) -exec pip install --only-binary :all: {} +
RUN find / -type f -name 'flask-*.whl' -exec pip install --only-binary :all: {} +
RUN find /wheels -name '*.whl' -exec pip install --only-binary :all: {} +
RUN find /wheels -type f -name '*.tar.gz' -exec pip install --only-binary :all: {} +
RUN find /wheels -type f -name '*.whl' -o -name '*.zip' -exec pip install --only-binary :all: {} +
RUN find /wheels -type f -name '*.whl' -exec pip install --only-binary :all: -r {} \;
RUN find /wheels -type f -name '*.whl' -exec pip install --only-binary :all: -e {} \;
RUN find /wheels -type f -iname '*.whl' -exec pip install --only-binary :all: {} +
RUN find /wheels -type f -name '*.whl' -exec pip install {} +
