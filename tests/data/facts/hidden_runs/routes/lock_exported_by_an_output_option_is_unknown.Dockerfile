FROM python:3.12-slim
WORKDIR /app
RUN poetry export -f requirements.txt -o r.txt && pip install --only-binary :all: -r r.txt
RUN uv export --frozen --output-file=r2.txt && pip install --only-binary :all: -r r2.txt
RUN pdm export -o r3.txt && pip install --only-binary :all: -r /app/r3.txt
RUN poetry -C sub export --output r4.txt && pip install --only-binary :all: -r sub/r4.txt
RUN printf 'flask\n' > r5.txt && pip install --only-binary :all: -r r5.txt
